using Application.Common;
using Domain;
using EventSourcing;
using FluentValidation;
using MediatR;

namespace Application.Encounters;

/// <summary>The DM enters initiative totals (and optional d20 tie-breakers) for some or all combatants.</summary>
public sealed record RecordInitiative(
    string EncounterId,
    IReadOnlyList<InitiativeInput> Rolls,
    Guid? CommandId = null,
    long? ExpectedVersion = null,
    Guid? CorrelationId = null) : IRequest<Result<CommandResult>>, IEncounterCommand;

internal sealed class RecordInitiativeValidator : AbstractValidator<RecordInitiative>
{
    public RecordInitiativeValidator()
    {
        this.IncludeEncounterCommandRules();
        RuleFor(c => c.Rolls).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage("At least one roll is required.")
            .Must(r => r.Count <= Encounter.MaxCombatants).WithMessage($"At most {Encounter.MaxCombatants} rolls.")
            .Must(r => r.Select(x => x?.CombatantId).Distinct().Count() == r.Count).WithMessage("Each combatant rolls once.");
        RuleForEach(c => c.Rolls).Cascade(CascadeMode.Stop)
            .NotNull().WithMessage("A roll is required.")
            .ChildRules(roll =>
            {
                roll.RuleFor(r => r.CombatantId).MustBeId();
                roll.RuleFor(r => r.Total).MustBeInitiative();
                roll.RuleFor(r => r.TieBreaker).MustBeTieBreaker();
            });
    }
}

internal sealed class RecordInitiativeHandler(CommandService<Encounter, EncounterEvent> commands) : IRequestHandler<RecordInitiative, Result<CommandResult>>
{
    public Task<Result<CommandResult>> Handle(RecordInitiative request, CancellationToken cancellationToken) =>
        commands.RunAsync(
            request,
            nameof(RecordInitiative),
            state => state.RecordInitiative([.. request.Rolls.Select(r => new InitiativeRoll(r.CombatantId, r.Total, r.TieBreaker))]),
            cancellationToken);
}
