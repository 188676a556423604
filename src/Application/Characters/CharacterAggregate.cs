using Application.Common;
using Application.Events;
using Domain;
using EventSourcing;
using FluentValidation;

namespace Application.Characters;

/// <summary>The character aggregate on the generic command path: its category, fold, events and snapshot shape.</summary>
public static class CharacterAggregate
{
    /// <summary>
    /// The schema of a character's snapshot state. Bump it whenever <see cref="CharacterHitPoints"/> changes shape: a
    /// snapshot of another schema is ignored and the state is rebuilt from the events.
    /// </summary>
    public const int SnapshotSchemaVersion = 4;

    public static AggregateDefinition<CharacterHitPoints, CharacterEvent> Definition { get; } = new(
        CharacterEventTypes.Category,
        CharacterHitPoints.Initial,
        CharacterHitPoints.Evolve,
        SnapshotCodec.Json<CharacterHitPoints>(SnapshotSchemaVersion),
        registry => CharacterEventTypes.Register(registry));

    /// <summary>The schema number the store keeps with a character's snapshot (the core's wrapper and the state's schema).</summary>
    public static int StoredSnapshotSchema { get; } = AggregateSnapshots.SchemaOf(Definition.Snapshots);
}

/// <summary>What every character command carries: the character it addresses, plus the command envelope.</summary>
public interface ICharacterCommand : IAggregateCommand
{
    string CharacterId { get; }

    string IAggregateCommand.AggregateId => CharacterId;
}

public static class CharacterValidationRules
{
    /// <summary>Ability modifiers of scores 1..30.</summary>
    public const int MinConstitutionModifier = -5;
    public const int MaxConstitutionModifier = 10;

    /// <summary>A Wisdom (Medicine) check's total: a d20 plus or minus a modifier, within generous bounds.</summary>
    public const int MinCheck = -20;
    public const int MaxCheck = 100;

    /// <summary>One hit rarely has more than two or three damage types; this bounds the list.</summary>
    public const int MaxDamageParts = 20;

    /// <summary>The rules every character command shares: its character id, command id and pinned version.</summary>
    public static void IncludeCharacterCommandRules<T>(this AbstractValidator<T> validator)
        where T : class, ICharacterCommand
    {
        validator.RuleFor(c => c.CharacterId).MustBeId();
        validator.IncludeCommandRules();
    }

    public static IRuleBuilderOptions<T, int> MustBeAmount<T>(this IRuleBuilder<T, int> rule, string what) =>
        rule.InclusiveBetween(1, CharacterHitPoints.MaxAmount).WithMessage($"{what} is between 1 and {CharacterHitPoints.MaxAmount}.");

    public static IRuleBuilderOptions<T, string?> MustBeOptionalSource<T>(this IRuleBuilder<T, string?> rule, string what = "A source") =>
        rule.MustBeCleanText(what, CharacterHitPoints.MaxSourceLength);

    public static IRuleBuilderOptions<T, string?> MustBeRequiredSource<T>(this IRuleBuilderInitial<T, string> rule, string what) =>
        rule.Cascade(CascadeMode.Stop)
            .Must(s => !string.IsNullOrWhiteSpace(s)).WithMessage($"{what} is required.")
            .MustBeCleanText(what, CharacterHitPoints.MaxSourceLength);

    public static IRuleBuilderOptions<T, int> MustBeConstitutionModifier<T>(this IRuleBuilder<T, int> rule) =>
        rule.InclusiveBetween(MinConstitutionModifier, MaxConstitutionModifier)
            .WithMessage($"A Constitution modifier is between {MinConstitutionModifier} and {MaxConstitutionModifier}.");

    /// <summary>Gaining and losing a defence take the same input.</summary>
    public static void IncludeDefenseRules<T>(this AbstractValidator<T> validator)
        where T : class, IDefenseInput
    {
        validator.RuleFor(c => c.Defense).IsInEnum().WithMessage("A defence is resistance, vulnerability or immunity.");
        validator.RuleFor(c => c.DamageTypes).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage("At least one damage type is required.")
            .Must(t => t.Count <= Enum.GetValues<DamageType>().Length)
            .WithMessage($"A defence names at most {Enum.GetValues<DamageType>().Length} damage types.");
        validator.RuleForEach(c => c.DamageTypes).IsInEnum().WithMessage("Unknown damage type.");
        validator.RuleFor(c => c.Source).MustBeRequiredSource("A source");
    }
}

/// <summary>What gaining and losing a defence share, for their one set of rules.</summary>
public interface IDefenseInput
{
    Defense Defense { get; }

    IReadOnlyList<DamageType> DamageTypes { get; }

    string Source { get; }
}
