using Application.Characters;
using Application.Common;
using Domain;
using EventSourcing;
using FluentValidation;
using MediatR;

namespace Application.Encounters;

/// <summary>One target of mass healing and what it regains (the DM rolls per target).</summary>
public sealed record HealingTargetInput(string CharacterId, int Amount);

/// <summary>
/// Healing that reaches several characters of an encounter at once (Mass Cure Wounds, Mass Healing Word). Each target
/// heals under its own rules (capped at its maximum, waking at 0 hit points; the dead are refused). All or nothing.
/// </summary>
public sealed record CastMassHealing(
    string EncounterId,
    IReadOnlyList<HealingTargetInput> Targets,
    string Source,
    Guid? CommandId = null,
    long? ExpectedVersion = null,
    Guid? CorrelationId = null) : IRequest<Result<EncounterBlowResult>>, IMultiStreamCommand;

internal sealed class CastMassHealingValidator : AbstractValidator<CastMassHealing>
{
    public CastMassHealingValidator()
    {
        RuleFor(c => c.EncounterId).MustBeId();
        RuleFor(c => c.CommandId).MustBeCommandId();
        RuleFor(c => c.ExpectedVersion).MustBeVersion();
        RuleFor(c => c.Source).MustBeRequiredSource("A source");
        RuleFor(c => c.Targets).MustBeTargets(x => x.CharacterId);
        RuleForEach(c => c.Targets).ChildRules(t =>
        {
            t.RuleFor(x => x.CharacterId).MustBeId();
            t.RuleFor(x => x.Amount).MustBeAmount("Healing");
        }).When(c => c.Targets is not null && c.Targets.All(x => x is not null));
    }
}

internal sealed class CastMassHealingHandler(
    MultiStreamCommandService commands,
    AggregateStreams<Encounter, EncounterEvent> encounters,
    AggregateStreams<CharacterHitPoints, CharacterEvent> characters) : IRequestHandler<CastMassHealing, Result<EncounterBlowResult>>
{
    public async Task<Result<EncounterBlowResult>> Handle(CastMassHealing request, CancellationToken cancellationToken)
    {
        var encounter = new CommitStream<Encounter, EncounterEvent>(encounters, request.EncounterId, request.ExpectedVersion);
        var targets = request.Targets.Select(t => new CommitStream<CharacterHitPoints, CharacterEvent>(characters, t.CharacterId)).ToList();
        var result = await commands.HandleAsync(request, nameof(CastMassHealing), [encounter, .. targets], Decide, cancellationToken).ConfigureAwait(false);
        return result.ToBlowResult(encounter, targets);

        MultiStreamDecision Decide()
        {
            var cast = encounter.State.CastMassHealing(request.Source, [.. request.Targets.Select(t => (t.CharacterId, t.Amount))]);
            if (cast.Error is { } refused)
            {
                return MultiDecisions.Refuse(refused, "encounter", request.EncounterId);
            }

            var writes = new List<StreamWrite> { encounter.Write(cast.Events) };
            for (var i = 0; i < targets.Count; i++)
            {
                var target = targets[i];
                var healed = target.State.Heal(request.Targets[i].Amount, request.Source);
                if (healed.Error is { } error)
                {
                    return MultiDecisions.Refuse(error, "character", target.Id, target.State.Name);
                }

                writes.Add(target.Write(healed.Events));
            }

            return MultiStreamDecision.Accept(writes);
        }
    }
}
