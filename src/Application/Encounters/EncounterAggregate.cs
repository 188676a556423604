using Application.Common;
using Application.Events;
using Domain;
using EventSourcing;
using FluentValidation;

namespace Application.Encounters;

/// <summary>The encounter aggregate on the generic command path: its category, fold, events and snapshot shape.</summary>
public static class EncounterAggregate
{
    /// <summary>Bump whenever <see cref="Encounter"/> changes shape: a snapshot of another schema is ignored.</summary>
    public const int SnapshotSchemaVersion = 1;

    public static AggregateDefinition<Encounter, EncounterEvent> Definition { get; } = new(
        EncounterEventTypes.Category,
        Encounter.Initial,
        Encounter.Evolve,
        SnapshotCodec.Json<Encounter>(SnapshotSchemaVersion),
        registry => EncounterEventTypes.Register(registry));
}

/// <summary>What every single-stream encounter command carries: the encounter it addresses, plus the command envelope.</summary>
public interface IEncounterCommand : IAggregateCommand
{
    string EncounterId { get; }

    string IAggregateCommand.AggregateId => EncounterId;
}

/// <summary>One combatant's initiative as the DM entered it.</summary>
public sealed record InitiativeInput(string CombatantId, int Total, int? TieBreaker = null);

internal static class EncounterValidationRules
{
    /// <summary>A Dexterity check's total, within generous bounds (a d20 plus or minus a modifier).</summary>
    public const int MinInitiative = -20;
    public const int MaxInitiative = 100;

    public static void IncludeEncounterCommandRules<T>(this AbstractValidator<T> validator)
        where T : class, IEncounterCommand
    {
        validator.RuleFor(c => c.EncounterId).MustBeId();
        validator.IncludeCommandRules();
    }

    public static IRuleBuilderOptions<T, int> MustBeInitiative<T>(this IRuleBuilder<T, int> rule) =>
        rule.InclusiveBetween(MinInitiative, MaxInitiative).WithMessage($"An initiative total is between {MinInitiative} and {MaxInitiative}.");

    public static IRuleBuilderOptions<T, int?> MustBeTieBreaker<T>(this IRuleBuilder<T, int?> rule) =>
        rule.Must(t => t is null or >= 1 and <= 20).WithMessage("A tie-breaker is a d20 roll, 1 to 20.");

    public static IRuleBuilderOptions<T, string?> MustBeCreatureName<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(n => !string.IsNullOrWhiteSpace(n)).WithMessage("A creature's name is required.")
            .MustBeCleanText("A creature's name", Encounter.MaxNameLength);

    /// <summary>Targets of one blow: at least one, at most <see cref="Encounter.MaxCombatants"/>, each once.</summary>
    public static IRuleBuilderOptions<T, IReadOnlyList<TTarget>> MustBeTargets<T, TTarget>(this IRuleBuilderInitial<T, IReadOnlyList<TTarget>> rule, Func<TTarget, string> id) =>
        rule.Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage("At least one target is required.")
            .Must(t => t.All(x => x is not null)).WithMessage("A target is required.")
            .Must(t => t.Count <= Encounter.MaxCombatants).WithMessage($"At most {Encounter.MaxCombatants} targets.")
            .Must(t => t.Select(id).Distinct(StringComparer.Ordinal).Count() == t.Count).WithMessage("Each target is named once.");

}

/// <summary>A domain refusal in a multi-stream decision, named after the stream that refused.</summary>
internal static class MultiDecisions
{
    public static MultiStreamDecision Refuse(DomainError error, string resource, string id, string? who = null) =>
        error.Kind == DomainErrorKind.NotFound
            ? MultiStreamDecision.NotFound(resource, id)
            : MultiStreamDecision.BreaksRule(error.Code, who is null ? error.Message : $"{who}: {error.Message}");
}

/// <summary>An area blow or mass healing, committed: the encounter's version and every target's.</summary>
public sealed record EncounterBlowResult(string EncounterId, long Version, IReadOnlyList<TargetVersion> Targets);

public sealed record TargetVersion(string CharacterId, long Version);
