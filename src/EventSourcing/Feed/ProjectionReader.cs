namespace EventSourcing;

/// <summary>
/// What a query needs of the projection rows: some streams' rows in one request, or every row. Registered with a
/// factory, so that hosts composed without a projection store (benchmarks, test hosts) still build.
/// </summary>
public sealed class ProjectionReader(IProjectionStore rows)
{
    public Task<IReadOnlyList<ProjectionRow>> GetManyAsync(string projection, IReadOnlyList<StreamId> streams, CancellationToken cancellationToken = default) =>
        rows.GetManyAsync(projection, streams, cancellationToken);

    /// <summary>Every row of the projection, up to <paramref name="max"/>.</summary>
    public async Task<IReadOnlyList<ProjectionRow>> ListAsync(string projection, int max, CancellationToken cancellationToken = default)
    {
        var all = new List<ProjectionRow>();
        string? token = null;
        do
        {
            var page = await rows.ListAsync(projection, Math.Min(500, max - all.Count), token, cancellationToken).ConfigureAwait(false);
            all.AddRange(page.Rows);
            token = page.ContinuationToken;
        }
        while (token is not null && all.Count < max);

        return all;
    }
}
