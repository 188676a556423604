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
    public const int SnapshotSchemaVersion = 3;

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

internal static class CharacterValidationRules
{
    /// <summary>The rules every character command shares: its character id, command id and pinned version.</summary>
    public static void IncludeCharacterCommandRules<T>(this AbstractValidator<T> validator)
        where T : class, ICharacterCommand
    {
        validator.RuleFor(c => c.CharacterId).MustBeId();
        validator.IncludeCommandRules();
    }
}
