using Application.Common;
using Application.EventStore;
using Application.Events;
using Domain;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Application.Characters;

/// <summary>A command that was committed, remembered by id so that a repeat is answered, not applied again.</summary>
public sealed record RememberedCommand(Guid CommandId, long FirstVersion, long LastVersion);

/// <summary>A character's stream as loaded: its version, its folded state and the commands it remembers.</summary>
internal sealed record CharacterStream(
    StreamId StreamId,
    long Version,
    CharacterHitPoints State,
    IReadOnlyList<RememberedCommand> RecentCommands,
    long SnapshotVersion)
{
    public RememberedCommand? Find(Guid commandId)
    {
        for (var i = RecentCommands.Count - 1; i >= 0; i--)
        {
            if (RecentCommands[i].CommandId == commandId)
            {
                return RecentCommands[i];
            }
        }

        return null;
    }
}

/// <summary>
/// Loads character streams (snapshot plus tail), folds events, and writes snapshots. Shared by the use
/// cases; it is the only code that knows how a character maps onto the generic event store.
/// </summary>
internal sealed class CharacterStreams(
    IEventStore store,
    EventTypeRegistry registry,
    IOptions<ApplicationOptions> options,
    TimeProvider clock,
    ApplicationMetrics metrics,
    ILogger<CharacterStreams> logger)
{
    public const int SnapshotSchemaVersion = CharacterSnapshots.SchemaVersion;

    private readonly ApplicationOptions _options = options.Value;

    public IEventStore Store => store;

    public EventTypeRegistry Registry => registry;

    public static StreamId StreamIdFor(string characterId) => new(CharacterEventTypes.Category, characterId);

    public async Task<CharacterStream> LoadAsync(string characterId, CancellationToken cancellationToken)
    {
        var streamId = StreamIdFor(characterId);
        var loaded = await store.LoadAsync(streamId, SnapshotSchemaVersion, cancellationToken).ConfigureAwait(false);
        var start = new CharacterStream(streamId, ExpectedVersion.NoStreamVersion, CharacterHitPoints.Initial, [], ExpectedVersion.NoStreamVersion);
        if (loaded.Snapshot is { SchemaVersion: SnapshotSchemaVersion } snapshot)
        {
            var (state, recent) = CharacterSnapshots.Deserialize(snapshot.Version, snapshot.Payload);
            start = new CharacterStream(streamId, snapshot.Version, state, recent, snapshot.Version);
        }

        return Fold(start, loaded.Events);
    }

    public CharacterStream Fold(CharacterStream stream, IReadOnlyList<EventEnvelope> events)
    {
        if (events.Count == 0)
        {
            return stream;
        }

        var state = stream.State;
        var recent = stream.RecentCommands.ToList();
        var version = stream.Version;
        foreach (var envelope in events)
        {
            if (envelope.Version != version + 1)
            {
                throw new InvalidOperationException(
                    $"{stream.StreamId} jumps from version {version} to {envelope.Version}: the store returned a gap.");
            }

            state = CharacterHitPoints.Evolve(state, (CharacterEvent)registry.Decode(envelope));
            version = envelope.Version;
            var commandId = envelope.Metadata.CommandId;
            if (recent.Count > 0 && recent[^1].CommandId == commandId)
            {
                recent[^1] = recent[^1] with { LastVersion = version };
            }
            else
            {
                recent.Add(new RememberedCommand(commandId, version, version));
            }
        }

        var keep = Math.Max(1, _options.RememberedCommands);
        if (recent.Count > keep)
        {
            recent.RemoveRange(0, recent.Count - keep);
        }

        return stream with { Version = version, State = state, RecentCommands = recent };
    }

    /// <summary>
    /// True when a commit from <paramref name="before"/> to <paramref name="after"/> took the stream across a multiple
    /// of K events past its newest snapshot (at <paramref name="snapshotVersion"/>, -1 for none): the moment to snapshot it, or to flag it for the worker. Counting from the
    /// snapshot, not from version 0, keeps a worker that lags behind from letting loads grow past K events.
    /// </summary>
    public bool IsSnapshotDue(long before, long after, long snapshotVersion)
    {
        var k = _options.SnapshotInterval;
        return k > 0 && (after - snapshotVersion) / k > (before - snapshotVersion) / k;
    }

    /// <summary>True when the stream has at least K events past its newest snapshot.</summary>
    public bool IsSnapshotStale(CharacterStream stream)
    {
        var k = _options.SnapshotInterval;
        return k > 0 && stream.Version - stream.SnapshotVersion >= k;
    }

    public async Task<bool> WriteSnapshotAsync(CharacterStream stream, CancellationToken cancellationToken)
    {
        var payload = CharacterSnapshots.Serialize(stream.Version, stream.State, stream.RecentCommands);
        var written = await store.WriteSnapshotAsync(
            stream.StreamId,
            new Snapshot(stream.Version, SnapshotSchemaVersion, clock.GetUtcNow(), payload),
            cancellationToken).ConfigureAwait(false);
        if (written)
        {
            metrics.SnapshotsWritten.Add(1);
            logger.LogDebug("Wrote the snapshot of {StreamId} at version {Version}", stream.StreamId, stream.Version);
        }

        return written;
    }
}
