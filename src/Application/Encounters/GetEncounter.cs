using Application.Common;
using Domain;
using EventSourcing;
using FluentValidation;
using MediatR;

namespace Application.Encounters;

/// <summary>
/// An encounter as the DM's screen shows it: the initiative order, whose turn it is, the round, and each character's
/// hit points, temporary hit points, condition and death saves, read from the character's own stream.
/// </summary>
public sealed record GetEncounter(string EncounterId) : IRequest<Result<EncounterView>>;

public sealed record EncounterView(
    string EncounterId,
    string Name,
    int Round,
    string? CurrentCombatantId,
    bool Ended,
    long Version,
    IReadOnlyList<CombatantView> Combatants);

/// <summary>One combatant in initiative order; <see cref="HitPoints"/> is null for a creature without hit points on record.</summary>
public sealed record CombatantView(
    string CombatantId,
    string Name,
    CombatantKind Kind,
    int? Initiative,
    int? TieBreaker,
    bool Acting,
    CombatantHitPoints? HitPoints);

public sealed record CombatantHitPoints(
    int CurrentHitPoints,
    int MaximumHitPoints,
    int TemporaryHitPoints,
    Condition Condition,
    int DeathSaveSuccesses,
    int DeathSaveFailures,
    long Version);

internal sealed class GetEncounterValidator : AbstractValidator<GetEncounter>
{
    public GetEncounterValidator() => RuleFor(q => q.EncounterId).MustBeId();
}

internal sealed class GetEncounterHandler(
    AggregateStreams<Encounter, EncounterEvent> encounters,
    AggregateStreams<CharacterHitPoints, CharacterEvent> characters) : IRequestHandler<GetEncounter, Result<EncounterView>>
{
    public async Task<Result<EncounterView>> Handle(GetEncounter request, CancellationToken cancellationToken)
    {
        var stream = await encounters.LoadAsync(request.EncounterId, cancellationToken).ConfigureAwait(false);
        if (!stream.Exists)
        {
            return new NotFoundError("encounter", request.EncounterId);
        }

        var state = stream.State;
        var order = state.InitiativeOrder;
        var loaded = await Task.WhenAll(order.Select(async c => c.IsCharacter
            ? await characters.LoadAsync(c.Id, cancellationToken).ConfigureAwait(false)
            : null)).ConfigureAwait(false);
        return new EncounterView(
            request.EncounterId,
            state.Name,
            state.Round,
            state.CurrentCombatantId,
            state.Ended,
            stream.Version,
            [.. order.Select((c, i) => new CombatantView(
                c.Id,
                c.Name,
                c.Kind,
                c.Initiative,
                c.TieBreaker,
                c.Id == state.CurrentCombatantId,
                loaded[i] is { Exists: true } s
                    ? new CombatantHitPoints(
                        s.State.CurrentHitPoints,
                        s.State.MaximumHitPoints,
                        s.State.TemporaryHitPoints,
                        s.State.Condition,
                        s.State.DeathSaveSuccesses,
                        s.State.DeathSaveFailures,
                        s.Version)
                    : null))]);
    }
}
