using Application.Characters;
using EventSourcing;
using Application.Events;
using Domain;

namespace Benchmarks.Seeding;

/// <summary>
/// A character's whole history, built with the domain's own decisions so that every event is one the application
/// could have written: created, then damage and healing in turn (it never dies), one command per event. Snapshots are
/// taken where the application's policy takes them: after version v when (v + 1) is a multiple of the interval, in
/// the application's own format (<see cref="AggregateSnapshots"/>), so the application reads them as its own.
/// </summary>
internal sealed class CharacterHistory
{
    /// <summary>The application's snapshot schema: a snapshot of another schema would be ignored by its loads.</summary>
    public static readonly int SnapshotSchemaVersion = CharacterAggregate.StoredSnapshotSchema;

    private readonly SortedList<long, Snapshot> _snapshots;

    private CharacterHistory(string characterId, List<EventData> events, SortedList<long, Snapshot> snapshots, CharacterHitPoints finalState)
    {
        CharacterId = characterId;
        Stream = new StreamId(CharacterEventTypes.Category, characterId);
        Events = events;
        _snapshots = snapshots;
        FinalState = finalState;
    }

    public string CharacterId { get; }

    public StreamId Stream { get; }

    public IReadOnlyList<EventData> Events { get; }

    public CharacterHitPoints FinalState { get; }

    public long Version => Events.Count - 1;

    /// <summary>Every snapshot the policy takes along the way, oldest first.</summary>
    public IEnumerable<Snapshot> Snapshots => _snapshots.Values;

    /// <summary>The newest snapshot of the whole history, if the history is long enough to have one.</summary>
    public Snapshot? NewestSnapshot => _snapshots.Count > 0 ? _snapshots.Values[^1] : null;

    public Snapshot? SnapshotAt(long version) => _snapshots.GetValueOrDefault(version);

    public static CharacterHistory Generate(
        string characterId, int count, int snapshotInterval, int rememberedCommands, EventTypeRegistry registry, DateTimeOffset start)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentNullException.ThrowIfNull(registry);
        var state = CharacterHitPoints.Initial;
        var recent = new List<RememberedCommand>(rememberedCommands + 1);
        var events = new List<EventData>(count);
        var snapshots = new SortedList<long, Snapshot>();
        for (var version = 0L; version < count; version++)
        {
            var now = start.AddMilliseconds(version);
            var decision = version == 0 ? CharacterHitPoints.Create(state, "Benchmark hero", 1000)
                : version % 2 == 1 ? state.TakeDamage(3, DamageType.Slashing, "goblin")
                : state.Heal(3);
            var @event = decision.Events is [var single] ? single
                : throw new InvalidOperationException($"The seed's decision at version {version} gave {decision.Events.Count} events ({decision.Error}).");
            var commandId = Guid.CreateVersion7(now);
            events.Add(registry.Encode(@event, Guid.CreateVersion7(now), now, new EventMetadata(commandId, commandId, commandId, CommandFingerprint.Unkeyed)));
            state = CharacterHitPoints.Evolve(state, @event);
            recent.Add(RememberedCommand.Of(commandId, version, version, now, CommandFingerprint.Unkeyed));
            if (recent.Count > rememberedCommands)
            {
                recent.RemoveAt(0);
            }

            if (snapshotInterval > 0 && (version + 1) % snapshotInterval == 0)
            {
                var payload = AggregateSnapshots.Write(CharacterAggregate.Definition.Snapshots, version, state, recent);
                snapshots.Add(version, new Snapshot(version, SnapshotSchemaVersion, now, payload));
            }
        }

        return new CharacterHistory(characterId, events, snapshots, state);
    }
}
