using System.Collections.Concurrent;
using EventSourcing;

namespace Adapters.InMemory;

/// <summary>Snapshot flags in memory, with the same keep-the-newest and clear-if-not-newer rules as DynamoDB.</summary>
public sealed class InMemorySnapshotSchedule : ISnapshotSchedule
{
    private readonly ConcurrentDictionary<StreamId, SnapshotDue> _flags = new();
    private readonly TimeProvider _clock;

    public InMemorySnapshotSchedule(TimeProvider? clock = null) => _clock = clock ?? TimeProvider.System;

    public Task FlagAsync(StreamId stream, long version, CancellationToken cancellationToken = default)
    {
        var flag = new SnapshotDue(stream, version, _clock.GetUtcNow());
        // A newer version keeps the first flag's time, so a busy stream keeps its place in the oldest-first order.
        _flags.AddOrUpdate(stream, flag, (_, existing) => existing.Version >= version ? existing : existing with { Version = version });
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<SnapshotDue>> ListDueAsync(string category, int max, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        IReadOnlyList<SnapshotDue> due = _flags.Values
            .Where(f => f.StreamId.Category == category)
            .OrderBy(f => f.FlaggedAt)
            .ThenBy(f => f.StreamId.ToString(), StringComparer.Ordinal)
            .Take(max)
            .ToList();
        return Task.FromResult(due);
    }

    public Task ClearAsync(StreamId stream, long snapshotVersion, CancellationToken cancellationToken = default)
    {
        if (_flags.TryGetValue(stream, out var flag) && flag.Version <= snapshotVersion)
        {
            // Removes only the flag we looked at: a newer flag raised meanwhile stays.
            _flags.TryRemove(new KeyValuePair<StreamId, SnapshotDue>(stream, flag));
        }

        return Task.CompletedTask;
    }
}
