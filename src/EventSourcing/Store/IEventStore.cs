namespace EventSourcing;

/// <summary>
/// The event store port. It knows streams, versions and envelopes, not hit points.
/// Versions count from 0; a stream with no events is at version -1.
/// Expected outcomes (conflicts, duplicates) are values; faults are <see cref="EventStoreUnavailableException"/>.
/// </summary>
public interface IEventStore
{
    /// <summary>
    /// Appends <paramref name="events"/> (one command's commit, all sharing one command id) atomically at
    /// <paramref name="expected"/>: all are written as consecutive versions, or none is.
    /// </summary>
    Task<AppendResult> AppendAsync(
        StreamId stream, ExpectedVersion expected, IReadOnlyList<EventData> events, CancellationToken cancellationToken = default);

    /// <summary>
    /// Appends to several streams atomically, each at its own expected version: every stream's events are written as
    /// consecutive versions, or nothing is. All events share one command id, and a stream appears at most once.
    /// A commit already written (the same command id right after each expected version) is
    /// <see cref="MultiAppendResult.AlreadyApplied"/>; otherwise a conflict names every stream found off its version.
    /// </summary>
    Task<MultiAppendResult> AppendAsync(IReadOnlyList<StreamAppend> commit, CancellationToken cancellationToken = default);

    /// <summary>
    /// Reads events forward from <paramref name="fromVersion"/>, at most <paramref name="maxCount"/> a page.
    /// Pass the previous page's continuation token to go on; it takes precedence over <paramref name="fromVersion"/>.
    /// Strongly consistent.
    /// </summary>
    Task<EventPage> ReadAsync(
        StreamId stream, long fromVersion, int maxCount, string? continuationToken = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// The newest snapshot of schema <paramref name="snapshotSchemaVersion"/>, if any, plus every event after it.
    /// A snapshot of another schema is ignored and all events are returned. Strongly consistent.
    /// </summary>
    Task<LoadedStream> LoadAsync(StreamId stream, int snapshotSchemaVersion, CancellationToken cancellationToken = default);

    /// <summary>Stores a snapshot unless one at the same or a newer version exists. Returns whether it was stored.</summary>
    Task<bool> WriteSnapshotAsync(StreamId stream, Snapshot snapshot, CancellationToken cancellationToken = default);

    /// <summary>
    /// Lists the streams of <paramref name="category"/> with their first event, in stream id order, paged.
    /// May lag just-created streams where the store's index is eventually consistent.
    /// </summary>
    Task<StreamPage> ListStreamsAsync(
        string category, int pageSize, string? continuationToken = null, CancellationToken cancellationToken = default);
}
