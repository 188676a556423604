namespace EventSourcing;

/// <summary>A row that does not equal the replay of its stream (or a row or stream the other side lacks).</summary>
public sealed record ProjectionDifference(string Projection, StreamId Stream, string Problem);

/// <summary>
/// Rebuild and verify, for every projection. Both walk the streams of the projection's category through the store's
/// listing (not the feed), so they also cover events written before the feed existed.
/// </summary>
public sealed class ProjectionMaintenance(IEventStore store, IProjectionStore rows, IEnumerable<ProjectionDefinition> projections)
{
    private const int PageSize = 200;

    private readonly IReadOnlyList<ProjectionDefinition> _projections = [.. projections];

    public IReadOnlyList<ProjectionDefinition> Projections => _projections;

    public ProjectionDefinition? Find(string name) => _projections.FirstOrDefault(p => p.Name == name);

    /// <summary>
    /// Deletes the projection's rows and writes each stream's row from its replay. A feed processor may run meanwhile:
    /// rows are written conditionally, so whichever writes a row first wins and the other moves on. Returns the rows written.
    /// </summary>
    public async Task<int> RebuildAsync(ProjectionDefinition projection, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(projection);
        await rows.DeleteAllAsync(projection.Name, cancellationToken).ConfigureAwait(false);
        var written = 0;
        await foreach (var stream in StreamsAsync(projection.Category, cancellationToken).ConfigureAwait(false))
        {
            var events = await ReadAllAsync(stream, cancellationToken).ConfigureAwait(false);
            if (events.Count == 0)
            {
                continue;
            }

            var row = new ProjectionRow(stream, events[^1].Version, events[^1].Timestamp, events.Count, projection.Replay(events)!);
            if (await rows.TryWriteAsync(projection.Name, row, -1, cancellationToken).ConfigureAwait(false))
            {
                written++;
            }
        }

        return written;
    }

    /// <summary>
    /// Compares every row of every projection with the replay of its stream. A row behind its stream (the projection's
    /// lag) counts as a difference too: run it when the writers are quiet, or read each difference with that in mind.
    /// </summary>
    public async Task<IReadOnlyList<ProjectionDifference>> VerifyAsync(CancellationToken cancellationToken = default)
    {
        var differences = new List<ProjectionDifference>();
        foreach (var projection in _projections)
        {
            var seen = new HashSet<StreamId>();
            await foreach (var stream in StreamsAsync(projection.Category, cancellationToken).ConfigureAwait(false))
            {
                seen.Add(stream);
                var events = await ReadAllAsync(stream, cancellationToken).ConfigureAwait(false);
                var row = await rows.GetAsync(projection.Name, stream, cancellationToken).ConfigureAwait(false);
                var problem = Compare(projection, events, row);
                if (problem is not null)
                {
                    differences.Add(new ProjectionDifference(projection.Name, stream, problem));
                }
            }

            string? token = null;
            do
            {
                var page = await rows.ListAsync(projection.Name, PageSize, token, cancellationToken).ConfigureAwait(false);
                differences.AddRange(page.Rows.Where(r => !seen.Contains(r.Stream))
                    .Select(r => new ProjectionDifference(projection.Name, r.Stream, "a row for a stream the store does not list")));
                token = page.ContinuationToken;
            }
            while (token is not null);
        }

        return differences;
    }

    private static string? Compare(ProjectionDefinition projection, List<EventEnvelope> events, ProjectionRow? row)
    {
        if (row is null)
        {
            return events.Count == 0 ? null : $"no row; the stream is at version {events[^1].Version}";
        }

        var head = events.Count == 0 ? -1 : events[^1].Version;
        if (row.Version != head)
        {
            return $"the row is at version {row.Version}, the stream at {head}";
        }

        if (row.EventsApplied != events.Count)
        {
            return $"the row applied {row.EventsApplied} events, the stream has {events.Count}";
        }

        return projection.Replay(events) == row.Data ? null : "the row's state differs from the replay";
    }

    private async IAsyncEnumerable<StreamId> StreamsAsync(string category, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? token = null;
        do
        {
            var page = await store.ListStreamsAsync(category, PageSize, token, cancellationToken).ConfigureAwait(false);
            foreach (var first in page.FirstEvents)
            {
                yield return first.StreamId;
            }

            token = page.ContinuationToken;
        }
        while (token is not null);
    }

    private async Task<List<EventEnvelope>> ReadAllAsync(StreamId stream, CancellationToken cancellationToken)
    {
        var events = new List<EventEnvelope>();
        string? token = null;
        do
        {
            var page = await store.ReadAsync(stream, 0, PageSize, token, cancellationToken).ConfigureAwait(false);
            events.AddRange(page.Events);
            token = page.ContinuationToken;
        }
        while (token is not null);

        return events;
    }
}
