using EventSourcing;

namespace Adapters.InMemory;

/// <summary>
/// The change feed in memory: one list of feed entries per shard, kept sorted by feed key and written with each commit
/// (never late). Keys mostly arrive in order (they start with the commit time), so an entry is inserted at or near the
/// end; a read finds its place by binary search, so it costs the page it returns, not the shard's history.
/// </summary>
internal sealed class InMemoryFeed
{
    private static readonly Comparer<FeedEntry> ByKey = Comparer<FeedEntry>.Create((a, b) => string.CompareOrdinal(a.Key, b.Key));

    private readonly List<FeedEntry>[] _shards;

    public InMemoryFeed(int shards)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(shards, 1);
        _shards = [.. Enumerable.Range(0, shards).Select(_ => new List<FeedEntry>())];
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
                var entry = new FeedEntry(stream, firstVersion + i, key);
                var at = shard.Count == 0 || string.CompareOrdinal(shard[^1].Key, key) < 0 ? ~shard.Count : shard.BinarySearch(entry, ByKey);
                if (at >= 0)
                {
                    shard[at] = entry;
                }
                else
                {
                    shard.Insert(~at, entry);
                }
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
            // The first entry whose key sorts after `after`.
            var at = entries.BinarySearch(new FeedEntry(default!, 0, after), ByKey);
            var start = at >= 0 ? at + 1 : ~at;
            var count = Math.Min(maxCount, entries.Count - start);
            var page = entries.GetRange(start, count);
            return Task.FromResult(new FeedPage(page, start + count < entries.Count));
        }
    }
}
