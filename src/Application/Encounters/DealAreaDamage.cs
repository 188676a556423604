using Application.Characters;
using Application.Common;
using Domain;
using EventSourcing;
using FluentValidation;
using MediatR;

namespace Application.Encounters;

/// <summary>One target of an area blow and its saving throw (null: no save, or not asked).</summary>
public sealed record AreaTargetInput(string CharacterId, bool? Saved = null);

/// <summary>
/// One blow that hits several characters of an encounter at once, such as a fireball: <see cref="Amount"/>
/// <see cref="DamageType"/> damage, a DC <see cref="SaveDc"/> save for half (or for none when <see cref="HalfOnSave"/> is
/// false), each target's save given. Each target's damage is halved on its save (rounded down) and then goes through its
/// own resistance, vulnerability, immunity, temporary hit points, instant death and death saves. The encounter's event
/// and every target's events are one atomic commit. <see cref="ExpectedVersion"/> pins the encounter only.
/// </summary>
public sealed record DealAreaDamage(
    string EncounterId,
    int Amount,
    DamageType DamageType,
    IReadOnlyList<AreaTargetInput> Targets,
    string Source,
    int? SaveDc = null,
    bool HalfOnSave = true,
    Guid? CommandId = null,
    long? ExpectedVersion = null,
    Guid? CorrelationId = null) : IRequest<Result<EncounterBlowResult>>, IMultiStreamCommand;

internal sealed class DealAreaDamageValidator : AbstractValidator<DealAreaDamage>
{
    public DealAreaDamageValidator()
    {
        RuleFor(c => c.EncounterId).MustBeId();
        RuleFor(c => c.CommandId).MustBeCommandId();
        RuleFor(c => c.ExpectedVersion).MustBeVersion();
        RuleFor(c => c.Amount).MustBeAmount("Damage");
        RuleFor(c => c.DamageType).IsInEnum().WithMessage("Unknown damage type.");
        RuleFor(c => c.SaveDc).Must(dc => dc is null or >= 1 and <= 30).WithMessage("A save DC is between 1 and 30.");
        RuleFor(c => c.Source).MustBeRequiredSource("A source");
        RuleFor(c => c.Targets).MustBeTargets(x => x.CharacterId);
        RuleForEach(c => c.Targets).ChildRules(t => t.RuleFor(x => x.CharacterId).MustBeId()).When(c => c.Targets is not null && c.Targets.All(x => x is not null));
    }
}

internal sealed class DealAreaDamageHandler(
    MultiStreamCommandService commands,
    AggregateStreams<Encounter, EncounterEvent> encounters,
    AggregateStreams<CharacterHitPoints, CharacterEvent> characters) : IRequestHandler<DealAreaDamage, Result<EncounterBlowResult>>
{
    public async Task<Result<EncounterBlowResult>> Handle(DealAreaDamage request, CancellationToken cancellationToken)
    {
        var encounter = new CommitStream<Encounter, EncounterEvent>(encounters, request.EncounterId, request.ExpectedVersion);
        var targets = request.Targets.Select(t => new CommitStream<CharacterHitPoints, CharacterEvent>(characters, t.CharacterId)).ToList();
        var result = await commands.HandleAsync(request, nameof(DealAreaDamage), [encounter, .. targets], Decide, cancellationToken).ConfigureAwait(false);
        return result.ToBlowResult(encounter, targets);

        MultiStreamDecision Decide()
        {
            var blow = encounter.State.DealAreaDamage(
                request.Source, request.Amount, request.DamageType, request.SaveDc, request.HalfOnSave,
                [.. request.Targets.Select(t => (t.CharacterId, t.Saved))]);
            if (blow.Error is { } refused)
            {
                return MultiDecisions.Refuse(refused, "encounter", request.EncounterId);
            }

            var dealt = ((AreaDamageDealt)blow.Events[0]).Targets;
            var writes = new List<StreamWrite> { encounter.Write(blow.Events) };
            for (var i = 0; i < targets.Count; i++)
            {
                if (dealt[i].Amount == 0)
                {
                    continue; // saved against a spell that deals nothing on a save, or half of 1: no hit lands.
                }

                var target = targets[i];
                var hit = target.State.TakeDamage([new DamageRoll(dealt[i].Amount, request.DamageType)], source: request.Source);
                if (hit.Error is { } error)
                {
                    return MultiDecisions.Refuse(error, "character", target.Id, target.State.Name);
                }

                writes.Add(target.Write(hit.Events));
            }

            return MultiStreamDecision.Accept(writes);
        }
    }
}

internal static class BlowResults
{
    public static Result<EncounterBlowResult> ToBlowResult<TState, TEvent>(
        this Result<MultiCommandResult> result, CommitStream encounter, IReadOnlyList<CommitStream<TState, TEvent>> targets)
        where TState : notnull
        where TEvent : notnull =>
        result.Match(
            ok => Result.Ok(new EncounterBlowResult(
                encounter.StreamId.Id,
                ok.VersionOf(encounter.StreamId),
                [.. targets.Select(t => new TargetVersion(t.Id, ok.VersionOf(t.StreamId)))])),
            Result.Fail<EncounterBlowResult>);
}
