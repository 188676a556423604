using Application.Common;
using Domain;
using EventSourcing;
using FluentValidation;
using MediatR;

namespace Application.Encounters;

/// <summary>A combatant leaves the fight (fled, fell, dismissed); <c>Reason</c> is free text.</summary>
public sealed record RemoveCombatant(
    string EncounterId,
    string CombatantId,
    string? Reason = null,
    Guid? CommandId = null,
    long? ExpectedVersion = null,
    Guid? CorrelationId = null) : IRequest<Result<CommandResult>>, IEncounterCommand;

internal sealed class RemoveCombatantValidator : AbstractValidator<RemoveCombatant>
{
    public RemoveCombatantValidator()
    {
        this.IncludeEncounterCommandRules();
        RuleFor(c => c.CombatantId).MustBeId();
        RuleFor(c => c.Reason).MustBeCleanText("A reason", CharacterHitPoints.MaxSourceLength);
    }
}

internal sealed class RemoveCombatantHandler(CommandService<Encounter, EncounterEvent> commands) : IRequestHandler<RemoveCombatant, Result<CommandResult>>
{
    public Task<Result<CommandResult>> Handle(RemoveCombatant request, CancellationToken cancellationToken) =>
        commands.RunAsync(request, nameof(RemoveCombatant), state => state.RemoveCombatant(request.CombatantId, request.Reason), cancellationToken);
}
