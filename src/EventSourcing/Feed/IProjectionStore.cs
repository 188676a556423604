namespace EventSourcing;

/// <summary>
/// A projection's row for one stream: its JSON state, the version of the last event applied, that event's time, and
/// how many events were applied to it (which, for a row that never applied an event twice, is Version + 1).
/// </summary>
public sealed record ProjectionRow(StreamId Stream, long Version, DateTimeOffset ChangedAt, long EventsApplied, string Data);

/// <summary>A page of rows and the token for the next one.</summary>
public sealed record ProjectionRowPage(IReadOnlyList<ProjectionRow> Rows, string? ContinuationToken);

/// <summary>
/// Rows of per-stream projections. A write names the version the caller read, and succeeds only if the row is still
/// at that version: a redelivered event, or a second worker, changes nothing.
/// </summary>
public interface IProjectionStore
{
    /// <summary>Strongly consistent.</summary>
    Task<ProjectionRow?> GetAsync(string projection, StreamId stream, CancellationToken cancellationToken = default);

    /// <summary>The rows of several streams in one request where the store allows (missing ones are left out).</summary>
    Task<IReadOnlyList<ProjectionRow>> GetManyAsync(string projection, IReadOnlyList<StreamId> streams, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes <paramref name="row"/> if the stored row is at <paramref name="expectedVersion"/> (-1: no row yet).
    /// False, and nothing written, otherwise.
    /// </summary>
    Task<bool> TryWriteAsync(string projection, ProjectionRow row, long expectedVersion, CancellationToken cancellationToken = default);

    /// <summary>Every row of the projection, paged.</summary>
    Task<ProjectionRowPage> ListAsync(string projection, int pageSize, string? continuationToken = null, CancellationToken cancellationToken = default);

    /// <summary>Deletes every row of the projection (for a rebuild).</summary>
    Task DeleteAllAsync(string projection, CancellationToken cancellationToken = default);
}
