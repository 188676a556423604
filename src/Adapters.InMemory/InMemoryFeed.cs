using EventSourcing;

namespace Adapters.InMemory;

/// <summary>The change feed in memory: one sorted set of feed keys per shard, written with each commit (never late).</summary>
internal sealed class InMemoryFeed
{
    private readonly SortedDictionary<string, FeedEntry>[] _shards;

    public InMemoryFeed(int shards)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(shards, 1);
        _shards = [.. Enumerable.Range(0, shards).Select(_ => new SortedDictionary<string, FeedEntry>(StringComparer.Ordinal))];
    }

    public int Shards => _shards.Length;

    public void Add(StreamId stream, long firstVersion, IReadOnlyList<EventData> events)
    {
        var shard = _shards[FeedKeys.ShardOf(stream, _shards.Length)];
        lock (shard)
        {
            for (var i = 0; i < events.Count; i++)
            {
                // The key carries the event's own time, as on DynamoDB: the writer's clock.
                var key = FeedKeys.For(events[i].Timestamp, stream, firstVersion + i);
                shard[key] = new FeedEntry(stream, firstVersion + i, key);
            }
        }
    }

    public Task<FeedPage> ReadAsync(int shard, string after, int maxCount, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(shard);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(shard, _shards.Length);
        ArgumentNullException.ThrowIfNull(after);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        cancellationToken.ThrowIfCancellationRequested();
        var entries = _shards[shard];
        lock (entries)
        {
            var page = entries.Where(e => string.CompareOrdinal(e.Key, after) > 0).Take(maxCount + 1).Select(e => e.Value).ToList();
            var more = page.Count > maxCount;
            return Task.FromResult(new FeedPage(more ? page[..maxCount] : page, more));
        }
    }
}
