using EventSourcing;

namespace Benchmarks.Measurement;

/// <summary>
/// Wraps a design's store to count the version conflicts its appends meet: each one is a retry of the command
/// (or, once the application's attempts run out, a failed command). Everything else passes straight through.
/// </summary>
internal sealed class CountingEventStore(IEventStore inner) : IEventStore
{
    private long _conflicts;

    public long Conflicts => Interlocked.Read(ref _conflicts);

    public async Task<AppendResult> AppendAsync(
        StreamId stream, ExpectedVersion expected, IReadOnlyList<EventData> events, CancellationToken cancellationToken = default)
    {
        var result = await inner.AppendAsync(stream, expected, events, cancellationToken).ConfigureAwait(false);
        if (result is AppendResult.Conflict)
        {
            Interlocked.Increment(ref _conflicts);
        }

        return result;
    }

    public async Task<MultiAppendResult> AppendAsync(IReadOnlyList<StreamAppend> commit, CancellationToken cancellationToken = default)
    {
        var result = await inner.AppendAsync(commit, cancellationToken).ConfigureAwait(false);
        if (result is MultiAppendResult.Conflict)
        {
            Interlocked.Increment(ref _conflicts);
        }

        return result;
    }

    public Task<EventPage> ReadAsync(
        StreamId stream, long fromVersion, int maxCount, string? continuationToken = null, CancellationToken cancellationToken = default) =>
        inner.ReadAsync(stream, fromVersion, maxCount, continuationToken, cancellationToken);

    public Task<LoadedStream> LoadAsync(StreamId stream, int snapshotSchemaVersion, CancellationToken cancellationToken = default) =>
        inner.LoadAsync(stream, snapshotSchemaVersion, cancellationToken);

    public Task<bool> WriteSnapshotAsync(StreamId stream, Snapshot snapshot, CancellationToken cancellationToken = default) =>
        inner.WriteSnapshotAsync(stream, snapshot, cancellationToken);

    public Task<StreamPage> ListStreamsAsync(
        string category, int pageSize, string? continuationToken = null, CancellationToken cancellationToken = default) =>
        inner.ListStreamsAsync(category, pageSize, continuationToken, cancellationToken);
}
