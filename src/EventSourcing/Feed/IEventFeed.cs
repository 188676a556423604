namespace EventSourcing;

/// <summary>One entry of the change feed: an event's stream and version, and its feed key (see <see cref="FeedKeys"/>).</summary>
public sealed record FeedEntry(StreamId Stream, long Version, string Key);

/// <summary>A page of feed entries in key order; <paramref name="More"/> when the shard has entries past it.</summary>
public sealed record FeedPage(IReadOnlyList<FeedEntry> Entries, bool More);

/// <summary>
/// The change feed port: every event of every stream, in <see cref="Shards"/> shards, each ordered by feed key.
/// It is an index, not the events: it tells a reader which streams moved, and the reader reads the events from the
/// store (strongly consistent). An adapter's feed may be eventually consistent: entries may appear late and, within
/// the lag, out of key order. What it guarantees is that every event eventually has an entry.
/// </summary>
public interface IEventFeed
{
    int Shards { get; }

    /// <summary>Entries of <paramref name="shard"/> with keys strictly after <paramref name="after"/>, at most <paramref name="maxCount"/>.</summary>
    Task<FeedPage> ReadAsync(int shard, string after, int maxCount, CancellationToken cancellationToken = default);
}
