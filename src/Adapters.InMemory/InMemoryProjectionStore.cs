using EventSourcing;

namespace Adapters.InMemory;

/// <summary>Projection rows in memory, with the DynamoDB adapter's conditional writes.</summary>
public sealed class InMemoryProjectionStore : IProjectionStore
{
    private readonly Dictionary<string, SortedDictionary<string, ProjectionRow>> _rows = new(StringComparer.Ordinal);

    public Task<ProjectionRow?> GetAsync(string projection, StreamId stream, CancellationToken cancellationToken = default)
    {
        lock (_rows)
        {
            return Task.FromResult(_rows.GetValueOrDefault(projection)?.GetValueOrDefault(stream.ToString()));
        }
    }

    public Task<IReadOnlyList<ProjectionRow>> GetManyAsync(
        string projection, IReadOnlyList<StreamId> streams, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(streams);
        lock (_rows)
        {
            var rows = _rows.GetValueOrDefault(projection);
            return Task.FromResult<IReadOnlyList<ProjectionRow>>(
                [.. streams.Distinct().Select(s => rows?.GetValueOrDefault(s.ToString())).OfType<ProjectionRow>()]);
        }
    }

    public Task<bool> TryWriteAsync(string projection, ProjectionRow row, long expectedVersion, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(row);
        lock (_rows)
        {
            if (!_rows.TryGetValue(projection, out var rows))
            {
                _rows[projection] = rows = new SortedDictionary<string, ProjectionRow>(StringComparer.Ordinal);
            }

            var current = rows.GetValueOrDefault(row.Stream.ToString());
            if ((current?.Version ?? -1) != expectedVersion)
            {
                return Task.FromResult(false);
            }

            rows[row.Stream.ToString()] = row;
            return Task.FromResult(true);
        }
    }

    public Task<ProjectionRowPage> ListAsync(string projection, int pageSize, string? continuationToken = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        lock (_rows)
        {
            var rows = _rows.GetValueOrDefault(projection)?.Values
                .Where(r => continuationToken is null || string.CompareOrdinal(r.Stream.ToString(), continuationToken) > 0)
                .Take(pageSize + 1).ToList() ?? [];
            var more = rows.Count > pageSize;
            var page = more ? rows[..pageSize] : rows;
            return Task.FromResult(new ProjectionRowPage(page, more ? page[^1].Stream.ToString() : null));
        }
    }

    public Task DeleteAllAsync(string projection, CancellationToken cancellationToken = default)
    {
        lock (_rows)
        {
            _rows.Remove(projection);
        }

        return Task.CompletedTask;
    }
}
