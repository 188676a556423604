using Application.Characters;
using EventSourcing;
using Application.Events;
using Benchmarks.Seeding;
using Domain;

namespace Benchmarks.Workloads;

/// <summary>
/// The floor for the pipeline overhead: the same work as a command, done by calling the store and the domain directly.
/// Load the snapshot and the events after it, fold them, decide, encode, append, and write the snapshot every K
/// events, in the application's snapshot format. Missing on purpose: MediatR, the validation behaviour, the DI scope,
/// the command runner's retry loop, metrics and logging. Streams must have one writer each (there is no retry).
/// </summary>
internal sealed class DirectFloor(IEventStore store, EventTypeRegistry registry, TimeProvider clock, int snapshotInterval, int rememberedCommands)
{
    public async Task<long> RunAsync(string characterId, Func<CharacterHitPoints, Decision<CharacterEvent>> decide, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(decide);
        var stream = new StreamId(CharacterEventTypes.Category, characterId);
        var loaded = await store.LoadAsync(stream, CharacterHistory.SnapshotSchemaVersion, cancellationToken).ConfigureAwait(false);
        var state = CharacterHitPoints.Initial;
        var recent = new List<RememberedCommand>(rememberedCommands + 1);
        var version = ExpectedVersion.NoStreamVersion;
        if (loaded.Snapshot is { } snapshot)
        {
            var (snapshotState, remembered, _) = AggregateSnapshots.Read(CharacterAggregate.Definition.Snapshots, snapshot.Version, snapshot.Payload);
            state = snapshotState;
            recent.AddRange(remembered);
            version = snapshot.Version;
        }

        foreach (var envelope in loaded.Events)
        {
            state = CharacterHitPoints.Evolve(state, (CharacterEvent)registry.Decode(envelope));
            version = envelope.Version;
            Remember(recent, envelope.Metadata.CommandId, version, version, envelope.Timestamp);
        }

        var decision = decide(state);
        if (decision.Error is { } error)
        {
            throw new InvalidOperationException($"The floor's command on {stream} was refused: {error}");
        }

        var now = clock.GetUtcNow();
        var commandId = Guid.CreateVersion7(now);
        var metadata = new EventMetadata(commandId, commandId, commandId, CommandFingerprint.Unkeyed);
        var events = decision.Events.Select(e => registry.Encode(e, Guid.CreateVersion7(now), now, metadata)).ToList();
        var result = await store.AppendAsync(stream, ExpectedVersion.Exact(version), events, cancellationToken).ConfigureAwait(false);
        if (result is not AppendResult.Appended appended)
        {
            throw new InvalidOperationException($"The floor's append to {stream} at {version} gave {result}.");
        }

        if (snapshotInterval > 0 && (appended.LastVersion + 1) / snapshotInterval > (version + 1) / snapshotInterval)
        {
            state = CharacterHitPoints.Fold(state, decision.Events);
            Remember(recent, commandId, appended.FirstVersion, appended.LastVersion, now);
            var payload = AggregateSnapshots.Write(CharacterAggregate.Definition.Snapshots, appended.LastVersion, state, recent);
            await store.WriteSnapshotAsync(
                stream, new Snapshot(appended.LastVersion, CharacterHistory.SnapshotSchemaVersion, now, payload), cancellationToken).ConfigureAwait(false);
        }

        return appended.LastVersion;
    }

    private void Remember(List<RememberedCommand> recent, Guid commandId, long first, long last, DateTimeOffset time)
    {
        if (recent.Count > 0 && recent[^1].CommandId == commandId)
        {
            recent[^1] = recent[^1] with { LastVersion = last };
        }
        else
        {
            recent.Add(RememberedCommand.Of(commandId, first, last, time, CommandFingerprint.Unkeyed));
        }

        if (recent.Count > rememberedCommands)
        {
            recent.RemoveAt(0);
        }
    }
}
