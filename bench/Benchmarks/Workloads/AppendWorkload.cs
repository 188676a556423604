using EventSourcing;
using Application.Events;
using Benchmarks.Designs;
using Benchmarks.Reporting;
using Benchmarks.Seeding;
using Domain;

namespace Benchmarks.Workloads;

/// <summary>
/// Workload 2: appends through the port alone, one event or a ten-event commit at a time, each at the version the
/// previous one left, on a stream seeded to N events. The stream is loaded once first, as the command path always
/// does (which is also what lets ours skip a transaction and the tip design plan its move-outs).
/// </summary>
internal static class AppendWorkload
{
    public static async Task<ResultRow> MeasureAsync(
        Design design, CharacterHistory history, int eventsPerCommit, int samples, EventTypeRegistry registry, ICollection<string> warnings,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(design);
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(warnings);
        var store = design.Store;
        var loaded = await store.LoadAsync(history.Stream, CharacterHistory.SnapshotSchemaVersion, cancellationToken).ConfigureAwait(false);
        Verify.Snapshot(design, history, loaded);
        var version = await AppendAsync(design, history.Stream, loaded.Version, eventsPerCommit, registry, cancellationToken).ConfigureAwait(false);

        var cell = Cell.Start(design);
        for (var i = 0; i < samples; i++)
        {
            var at = version;
            version = await cell.Latencies.TimeAsync(() => AppendAsync(design, history.Stream, at, eventsPerCommit, registry, cancellationToken)).ConfigureAwait(false);
        }

        if (cell.CrossCheck($"append of {eventsPerCommit} at {history.Events.Count:N0}") is { } mismatch)
        {
            warnings.Add(mismatch);
        }

        return cell.ToRow(eventsPerCommit == 1 ? WorkloadNames.Append1 : WorkloadNames.Append10, history.Events.Count, samples);
    }

    private static async Task<long> AppendAsync(
        Design design, StreamId stream, long version, int count, EventTypeRegistry registry, CancellationToken cancellationToken)
    {
        var now = DateTimeOffset.UtcNow;
        var commandId = Guid.CreateVersion7(now);
        var metadata = new EventMetadata(commandId, commandId, commandId, CommandFingerprint.Unkeyed);
        var events = Enumerable.Range(0, count)
            .Select(_ => registry.Encode(new DamageTaken([new DamagePart(1, DamageType.Slashing, 1)], false, "goblin", null, 1, 0, 1), Guid.CreateVersion7(now), now, metadata))
            .ToList();
        var result = await design.Store.AppendAsync(stream, ExpectedVersion.Exact(version), events, cancellationToken).ConfigureAwait(false);
        return result is AppendResult.Appended ok && ok.FirstVersion == version + 1 && ok.LastVersion == version + count
            ? ok.LastVersion
            : throw new InvalidOperationException($"{design.Name}: appending {count} to {stream} at {version} gave {result}.");
    }
}
