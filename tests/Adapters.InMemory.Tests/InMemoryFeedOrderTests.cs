using EventSourcing;

namespace Adapters.InMemory.Tests;

/// <summary>
/// The in-memory feed keeps each shard sorted by feed key and finds a reader's place by binary search. These cases are
/// the ones that ordering by arrival would get wrong: a writer whose clock is behind, and a page that starts after a key
/// the shard does not hold.
/// </summary>
public sealed class InMemoryFeedOrderTests
{
    private static readonly DateTimeOffset Noon = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    private static EventData At(DateTimeOffset time)
    {
        var command = Guid.NewGuid();
        return new EventData(Guid.NewGuid(), "test.v1", 1, time, "{}", new EventMetadata(command, command, command));
    }

    private static async Task<List<FeedEntry>> ReadAllAsync(InMemoryFeed feed, int pageSize)
    {
        var all = new List<FeedEntry>();
        var after = FeedKeys.Start;
        while (true)
        {
            var page = await feed.ReadAsync(0, after, pageSize, CancellationToken.None);
            all.AddRange(page.Entries);
            if (!page.More)
            {
                return all;
            }

            after = page.Entries[^1].Key;
        }
    }

    [Fact]
    public async Task Given_a_writer_whose_clock_is_behind_When_the_feed_is_read_in_pages_Then_its_entry_comes_back_in_key_order_once()
    {
        var feed = new InMemoryFeed(1);
        var fast = new StreamId("test", "fast");
        var late = new StreamId("test", "late");
        feed.Add(fast, 0, [At(Noon.AddSeconds(1)), At(Noon.AddSeconds(2))]);
        feed.Add(fast, 2, [At(Noon.AddSeconds(4))]);
        // Appended last, but its clock says noon + 3 s: it belongs between the fast writer's second and third events.
        feed.Add(late, 0, [At(Noon.AddSeconds(3))]);

        var entries = await ReadAllAsync(feed, pageSize: 1);

        Assert.Equal(["fast/0", "fast/1", "late/0", "fast/2"], entries.Select(e => $"{e.Stream.Id}/{e.Version}"));
        Assert.Equal(entries.Select(e => e.Key).Order(StringComparer.Ordinal), entries.Select(e => e.Key));
    }

    [Fact]
    public async Task Given_a_key_the_shard_does_not_hold_When_the_feed_is_read_after_it_Then_the_page_starts_at_the_next_key()
    {
        var feed = new InMemoryFeed(1);
        var stream = new StreamId("test", "s");
        feed.Add(stream, 0, [At(Noon), At(Noon.AddSeconds(2)), At(Noon.AddSeconds(4))]);

        var page = await feed.ReadAsync(0, FeedKeys.For(Noon.AddSeconds(1), stream, 0), maxCount: 1, CancellationToken.None);
        var rest = await feed.ReadAsync(0, FeedKeys.For(Noon.AddSeconds(3), stream, 0), maxCount: 5, CancellationToken.None);
        var none = await feed.ReadAsync(0, FeedKeys.For(Noon.AddSeconds(5), stream, 0), maxCount: 5, CancellationToken.None);

        Assert.Equal(1, Assert.Single(page.Entries).Version);
        Assert.True(page.More);
        Assert.Equal(2, Assert.Single(rest.Entries).Version);
        Assert.False(rest.More);
        Assert.Empty(none.Entries);
        Assert.False(none.More);
    }

    [Fact]
    public async Task Given_the_same_key_written_twice_When_the_feed_is_read_Then_it_appears_once()
    {
        var feed = new InMemoryFeed(1);
        var stream = new StreamId("test", "s");
        var data = At(Noon);
        feed.Add(stream, 0, [data]);
        feed.Add(stream, 0, [data]);

        Assert.Single(await ReadAllAsync(feed, pageSize: 10));
    }
}
