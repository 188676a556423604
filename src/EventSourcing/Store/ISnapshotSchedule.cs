namespace EventSourcing;

/// <summary>A stream that has grown K events past its last snapshot, flagged at <see cref="Version"/>.</summary>
public sealed record SnapshotDue(StreamId StreamId, long Version, DateTimeOffset FlaggedAt);

/// <summary>
/// The port behind background snapshotting. When snapshots are taken off the command path, a command that
/// crosses a multiple of K flags its stream here; the worker's job lists the flags (without scanning the
/// store), writes the snapshots and clears the flags. Flags survive restarts, and every operation is safe
/// to repeat and to run from two workers at once.
/// </summary>
public interface ISnapshotSchedule
{
    /// <summary>Flags the stream as due at <paramref name="version"/>. A flag at a newer version is kept.</summary>
    Task FlagAsync(StreamId stream, long version, CancellationToken cancellationToken = default);

    /// <summary>Up to <paramref name="max"/> flagged streams of the category, oldest flag first.</summary>
    Task<IReadOnlyList<SnapshotDue>> ListDueAsync(string category, int max, CancellationToken cancellationToken = default);

    /// <summary>
    /// Clears the stream's flag if it was raised at <paramref name="snapshotVersion"/> or before; a flag raised
    /// after it (a newer commit) stays for the next round.
    /// </summary>
    Task ClearAsync(StreamId stream, long snapshotVersion, CancellationToken cancellationToken = default);
}
