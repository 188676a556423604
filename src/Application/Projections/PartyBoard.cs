using System.Text.Json;
using Application.Characters;
using Domain;
using EventSourcing;

namespace Application.Projections;

/// <summary>One character on the party board: hit points, condition, death saves, and the version and time of its last change.</summary>
public sealed record BoardEntry(
    string CharacterId,
    string Name,
    int CurrentHitPoints,
    int MaximumHitPoints,
    int TemporaryHitPoints,
    Condition Condition,
    int DeathSaveSuccesses,
    int DeathSaveFailures,
    long Version,
    DateTimeOffset ChangedAt);

/// <summary>
/// The party board: a projection with one row per character, the character's state folded by its own Evolve from the
/// change feed. The row keeps the folded state (to go on folding) and the board's fields.
/// </summary>
public static class PartyBoard
{
    public const string Name = "board";

    public static ProjectionDefinition Definition(EventTypeRegistry registry) =>
        ProjectionDefinition.FromAggregate(Name, CharacterAggregate.Definition, registry, (state, _) => new BoardFields(
            state.Name, state.CurrentHitPoints, state.MaximumHitPoints, state.TemporaryHitPoints, state.Condition, state.DeathSaveSuccesses,
            state.DeathSaveFailures));

    public static BoardEntry ToEntry(ProjectionRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        using var json = JsonDocument.Parse(row.Data);
        var fields = json.RootElement.GetProperty("view").Deserialize<BoardFields>(EventTypeRegistry.JsonOptions)
            ?? throw new InvalidDataException($"The board row of {row.Stream} has no fields.");
        return new BoardEntry(
            row.Stream.Id, fields.Name, fields.CurrentHitPoints, fields.MaximumHitPoints, fields.TemporaryHitPoints, fields.Condition,
            fields.DeathSaveSuccesses, fields.DeathSaveFailures, row.Version, row.ChangedAt);
    }

    private sealed record BoardFields(
        string Name, int CurrentHitPoints, int MaximumHitPoints, int TemporaryHitPoints, Condition Condition, int DeathSaveSuccesses, int DeathSaveFailures);
}
