using System.Text.Json;
using System.Text.Json.Nodes;
using EventSourcing;
using Microsoft.Extensions.Options;

namespace EventStore.Contract;

/// <summary>
/// The change feed, subscriptions (leases and checkpoints), projection rows and the feed processor, written once and
/// inherited by each adapter's test project. Every test works on a fresh category, subscription and projection name,
/// so one store may serve a whole test class.
/// </summary>
public abstract class FeedContract
{
    protected abstract IEventStore Store { get; }

    protected abstract IEventFeed Feed { get; }

    protected abstract IProjectionStore Projections { get; }

    protected abstract ISubscriptionStore CreateSubscriptions(TimeProvider clock);

    protected static string NewName(string prefix) => prefix + Guid.NewGuid().ToString("N")[..10];

    /// <summary>A projection that records the versions it was given, so a skip, a repeat or a reorder shows in the row.</summary>
    public static ProjectionDefinition VersionsProjection(string name, string category) => new(name, category, (data, e) =>
    {
        var row = data is null ? new JsonObject { ["versions"] = new JsonArray() } : JsonNode.Parse(data)!.AsObject();
        row["versions"]!.AsArray().Add(e.Version);
        row["last"] = e.Payload;
        return row.ToJsonString();
    });

    protected static EventData Event(DateTimeOffset at, int index) =>
        new(Guid.NewGuid(), "thing-happened.v1", 1, at, $$"""{"index":{{index}}}""", new EventMetadata(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid()));

    /// <summary>One command's events: they share its metadata.</summary>
    protected static List<EventData> Commit(IEnumerable<EventData> events)
    {
        var list = events.ToList();
        return [.. list.Select(e => e with { Metadata = list[0].Metadata })];
    }

    /// <summary>Every entry of the category in every shard, read in pages of <paramref name="pageSize"/>.</summary>
    protected async Task<List<(int Shard, FeedEntry Entry)>> ReadWholeFeedAsync(string category, int pageSize = 7, string after = FeedKeys.Start)
    {
        var all = new List<(int, FeedEntry)>();
        for (var shard = 0; shard < Feed.Shards; shard++)
        {
            var from = after;
            FeedPage page;
            var pages = 0;
            do
            {
                page = await Feed.ReadAsync(shard, from, pageSize);
                all.AddRange(page.Entries.Where(e => e.Stream.Category == category).Select(e => (shard, e)));
                if (page.Entries.Count > 0)
                {
                    Assert.All(page.Entries, e => Assert.True(string.CompareOrdinal(e.Key, from) > 0, $"{e.Key} is not after {from}"));
                    from = page.Entries[^1].Key;
                }

                Assert.True(++pages < 100_000, "Paging does not end.");
            }
            while (page.More);
        }

        return all;
    }

    /// <summary>The feed may be eventually consistent: read until it shows <paramref name="count"/> entries, for at most 20 s.</summary>
    protected async Task<List<(int Shard, FeedEntry Entry)>> ReadUntilAsync(string category, int count, string after = FeedKeys.Start)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var all = await ReadWholeFeedAsync(category, after: after);
            if (all.Count >= count || DateTime.UtcNow > deadline)
            {
                return all;
            }

            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task Given_commits_to_many_streams_When_the_feed_is_read_Then_every_event_appears_once_in_its_streams_shard_in_key_order()
    {
        var category = NewName("feed");
        var start = new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);
        var expected = new List<(StreamId Stream, long Version, DateTimeOffset At)>();
        for (var s = 0; s < 12; s++)
        {
            var stream = new StreamId(category, $"s{s}");
            var version = -1L;
            for (var c = 0; c < 3; c++)
            {
                var count = 1 + ((s + c) % 3);
                var events = Commit(Enumerable.Range(0, count).Select(i => Event(start.AddMilliseconds((s * 37) + (c * 1000) + i), i)));
                var result = await Store.AppendAsync(stream, (version < 0 ? ExpectedVersion.NoStream : ExpectedVersion.Exact(version)), events);
                Assert.IsType<AppendResult.Appended>(result);
                for (var i = 0; i < count; i++)
                {
                    expected.Add((stream, version + 1 + i, events[i].Timestamp));
                }

                version += count;
            }
        }

        // A commit to two streams at once is in the feed too, one entry per event.
        var a = new StreamId(category, "multi-a");
        var b = new StreamId(category, "multi-b");
        var command = Guid.NewGuid();
        var shared = new EventMetadata(command, command, command);
        var multi = await Store.AppendAsync(
        [
            new StreamAppend(a, ExpectedVersion.NoStream, [Event(start, 0) with { Metadata = shared }]),
            new StreamAppend(b, ExpectedVersion.NoStream, [Event(start, 1) with { Metadata = shared }, Event(start, 2) with { Metadata = shared }]),
        ]);
        Assert.IsType<MultiAppendResult.Appended>(multi);
        expected.Add((a, 0, start));
        expected.Add((b, 0, start));
        expected.Add((b, 1, start));

        var read = await ReadUntilAsync(category, expected.Count);

        Assert.Equal(
            expected.Select(e => (e.Stream, e.Version)).OrderBy(e => e.Stream.ToString(), StringComparer.Ordinal).ThenBy(e => e.Version),
            read.Select(r => (r.Entry.Stream, r.Entry.Version)).OrderBy(e => e.Stream.ToString(), StringComparer.Ordinal).ThenBy(e => e.Version));
        Assert.All(read, r => Assert.Equal(FeedKeys.ShardOf(r.Entry.Stream, Feed.Shards), r.Shard));
        Assert.All(read, r => Assert.Equal(
            FeedKeys.For(expected.Single(e => e.Stream == r.Entry.Stream && e.Version == r.Entry.Version).At, r.Entry.Stream, r.Entry.Version), r.Entry.Key));
        foreach (var shard in read.GroupBy(r => r.Shard))
        {
            var keys = shard.Select(r => r.Entry.Key).ToList();
            Assert.Equal(keys.Order(StringComparer.Ordinal), keys);
        }
    }

    [Fact]
    public async Task Given_a_key_When_the_feed_is_read_after_it_Then_only_later_keys_come_back()
    {
        var category = NewName("after");
        var stream = new StreamId(category, "one");
        var start = new DateTimeOffset(2026, 12, 1, 11, 0, 0, TimeSpan.Zero);
        var events = Commit(Enumerable.Range(0, 5).Select(i => Event(start.AddSeconds(i), i)));
        Assert.IsType<AppendResult.Appended>(await Store.AppendAsync(stream, ExpectedVersion.NoStream, events));
        var all = await ReadUntilAsync(category, 5);
        Assert.Equal(5, all.Count);

        var later = await ReadWholeFeedAsync(category, after: all[2].Entry.Key);

        Assert.Equal([3L, 4L], later.Select(r => r.Entry.Version));
        Assert.Equal(start.AddSeconds(3), FeedKeys.TimeOf(later[0].Entry.Key));
        var rewound = await ReadWholeFeedAsync(category, after: FeedKeys.Rewind(all[2].Entry.Key, TimeSpan.FromSeconds(1)));
        Assert.Equal([1L, 2L, 3L, 4L], rewound.Select(r => r.Entry.Version));
    }

    [Fact]
    public async Task Given_a_held_shard_When_another_worker_asks_Then_it_waits_for_expiry_and_the_old_holder_is_fenced()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));
        var subscriptions = CreateSubscriptions(clock);
        var name = NewName("sub");
        var duration = TimeSpan.FromSeconds(10);

        var first = await subscriptions.TryAcquireAsync(name, 2, "worker-a", duration);
        Assert.NotNull(first);
        Assert.Equal(FeedKeys.Start, first.Checkpoint);
        Assert.Null(await subscriptions.TryAcquireAsync(name, 2, "worker-b", duration));
        Assert.NotNull(await subscriptions.TryAcquireAsync(name, 3, "worker-b", duration));
        Assert.True(await subscriptions.CheckpointAsync(first, "2026-12-01T12:00:00.0000000Z#x-1#0000000000000000000"));
        clock.Advance(TimeSpan.FromSeconds(6));
        var renewed = await subscriptions.TryAcquireAsync(name, 2, "worker-a", duration);
        Assert.Equal(first.Token, renewed!.Token);
        Assert.Equal("2026-12-01T12:00:00.0000000Z#x-1#0000000000000000000", renewed.Checkpoint);

        clock.Advance(TimeSpan.FromSeconds(11));
        var taken = await subscriptions.TryAcquireAsync(name, 2, "worker-b", duration);

        Assert.NotNull(taken);
        Assert.True(taken.Token > first.Token);
        Assert.Equal(renewed.Checkpoint, taken.Checkpoint);
        Assert.False(await subscriptions.CheckpointAsync(renewed, "2026-12-01T12:00:09.0000000Z#x-1#0000000000000000009"));
        Assert.True(await subscriptions.CheckpointAsync(taken, "2026-12-01T12:00:05.0000000Z#x-1#0000000000000000005"));
        Assert.Null(await subscriptions.TryAcquireAsync(name, 2, "worker-a", duration));

        await subscriptions.ReleaseAsync(taken);
        var back = await subscriptions.TryAcquireAsync(name, 2, "worker-a", duration);
        Assert.NotNull(back);
        Assert.Equal("2026-12-01T12:00:05.0000000Z#x-1#0000000000000000005", back.Checkpoint);

        var states = await subscriptions.ListAsync(name);
        Assert.Equal([2, 3], states.Select(s => s.Shard));
        Assert.Equal(["worker-a", "worker-b"], states.Select(s => s.Owner));
        await subscriptions.ResetAsync(name, 4);
        Assert.Empty(await subscriptions.ListAsync(name));
    }

    [Fact]
    public async Task Given_a_row_When_written_at_a_stale_version_Then_nothing_changes()
    {
        var projection = NewName("rows");
        var category = NewName("rows");
        var at = new DateTimeOffset(2026, 12, 1, 13, 0, 0, TimeSpan.Zero);
        var streams = Enumerable.Range(0, 5).Select(i => new StreamId(category, $"r{i}")).ToList();

        Assert.True(await Projections.TryWriteAsync(projection, new ProjectionRow(streams[0], 0, at, 1, """{"n":0}"""), -1));
        Assert.False(await Projections.TryWriteAsync(projection, new ProjectionRow(streams[0], 0, at, 1, """{"n":"again"}"""), -1));
        Assert.True(await Projections.TryWriteAsync(projection, new ProjectionRow(streams[0], 2, at.AddSeconds(1), 3, """{"n":2}"""), 0));
        Assert.False(await Projections.TryWriteAsync(projection, new ProjectionRow(streams[0], 1, at, 2, """{"n":1}"""), 0));
        for (var i = 1; i < 4; i++)
        {
            Assert.True(await Projections.TryWriteAsync(projection, new ProjectionRow(streams[i], i, at, i + 1, $$"""{"n":{{i}}}"""), -1));
        }

        var row = await Projections.GetAsync(projection, streams[0]);
        Assert.Equal(new ProjectionRow(streams[0], 2, at.AddSeconds(1), 3, """{"n":2}"""), row);
        Assert.Null(await Projections.GetAsync(projection, streams[4]));
        Assert.Null(await Projections.GetAsync(NewName("other"), streams[0]));

        var many = await Projections.GetManyAsync(projection, [streams[1], streams[4], streams[3], streams[0]]);
        Assert.Equal(
            [streams[0], streams[1], streams[3]],
            many.Select(r => r.Stream).OrderBy(s => s.ToString(), StringComparer.Ordinal));

        var listed = new List<ProjectionRow>();
        string? token = null;
        do
        {
            var page = await Projections.ListAsync(projection, 1, token);
            Assert.True(page.Rows.Count <= 1);
            listed.AddRange(page.Rows);
            token = page.ContinuationToken;
        }
        while (token is not null);

        Assert.Equal(streams.Take(4).Select(s => s.ToString()).Order(StringComparer.Ordinal), listed.Select(r => r.Stream.ToString()).Order(StringComparer.Ordinal));

        await Projections.DeleteAllAsync(projection);
        Assert.Empty((await Projections.ListAsync(projection, 10)).Rows);
    }

    [Fact]
    public async Task Given_events_on_many_streams_When_the_processor_runs_and_restarts_Then_every_row_equals_its_replay_and_nothing_is_applied_again()
    {
        var category = NewName("proc");
        var projection = VersionsProjection(NewName("p"), category);
        var subscription = NewName("sub");
        var heads = new Dictionary<StreamId, long>();
        var first = NewProcessor(projection, subscription, "worker-1");
        for (var round = 0; round < 3; round++)
        {
            for (var s = 0; s < 15; s++)
            {
                var stream = new StreamId(category, $"s{s}");
                var head = heads.GetValueOrDefault(stream, -1);
                var events = Commit(Enumerable.Range(0, 1 + (s % 2)).Select(i => Event(DateTimeOffset.UtcNow, i)));
                Assert.IsType<AppendResult.Appended>(await Store.AppendAsync(stream, (head < 0 ? ExpectedVersion.NoStream : ExpectedVersion.Exact(head)), events));
                heads[stream] = head + events.Count;
            }

            await RunUntilCaughtUpAsync(first, projection, heads);
        }

        await first.ReleaseAllAsync();
        var restarted = NewProcessor(projection, subscription, "worker-2");
        var applied = await restarted.PollAsync();

        Assert.Equal(Feed.Shards, restarted.HeldShards.Count);
        Assert.Equal(0, applied);
        foreach (var (stream, head) in heads)
        {
            var row = await Projections.GetAsync(projection.Name, stream);
            Assert.NotNull(row);
            Assert.Equal(head, row.Version);
            Assert.Equal(head + 1, row.EventsApplied);
            Assert.Equal(projection.Replay(await ReadAllAsync(Store, stream)), row.Data);
        }
    }

    [Fact]
    public async Task Given_a_projection_that_throws_for_one_stream_When_the_processor_runs_Then_it_keeps_running_projects_the_others_holds_the_checkpoint_and_catches_up_once_the_fault_clears()
    {
        var category = NewName("fault");
        var bad = new StreamId(category, "bad");
        var broken = true;
        var inner = VersionsProjection(NewName("p"), category);
        var projection = new ProjectionDefinition(inner.Name, category, (data, e) =>
            Volatile.Read(ref broken) && e.StreamId == bad ? throw new InvalidOperationException("A projection bug.") : inner.Apply(data, e));
        var heads = new Dictionary<StreamId, long>();
        for (var s = 0; s < 8; s++)
        {
            var stream = s == 0 ? bad : new StreamId(category, $"s{s}");
            var events = Commit(Enumerable.Range(0, 2).Select(i => Event(DateTimeOffset.UtcNow, i)));
            Assert.IsType<AppendResult.Appended>(await Store.AppendAsync(stream, ExpectedVersion.NoStream, events));
            heads[stream] = events.Count - 1;
        }

        var entries = await ReadUntilAsync(category, 16);
        var badKey = entries.Where(e => e.Entry.Stream == bad).Select(e => e.Entry.Key).Min(StringComparer.Ordinal)!;
        var badShard = FeedKeys.ShardOf(bad, Feed.Shards);
        var subscription = NewName("sub");
        var subscriptions = CreateSubscriptions(TimeProvider.System);
        var processor = NewProcessor(projection, subscriptions, new FeedOptions
        {
            Subscription = subscription,
            Owner = "worker",
            PollInterval = TimeSpan.FromMilliseconds(20),
            MaxRetryDelay = TimeSpan.FromMilliseconds(200),
            Overlap = TimeSpan.FromSeconds(5),
            LeaseDuration = TimeSpan.FromSeconds(5),
        });
        using var stop = new CancellationTokenSource();
        var running = processor.RunAsync(stop.Token);

        var others = heads.Where(h => h.Key != bad).ToDictionary();
        await WaitForRowsAsync(projection, others);
        Assert.False(running.IsCompleted, "RunAsync ended: the exception escaped.");
        Assert.Null(await Projections.GetAsync(projection.Name, bad));
        await WaitUntilAsync(() => processor.FailingStreams == 1, "the failing stream is recorded");
        await Task.Delay(300);
        var held = (await subscriptions.ListAsync(subscription)).Single(s => s.Shard == badShard);
        Assert.True(string.CompareOrdinal(held.Checkpoint, badKey) < 0, $"The checkpoint {held.Checkpoint} passed the failing entry {badKey}.");

        Volatile.Write(ref broken, false);
        await WaitForRowsAsync(projection, heads);
        await WaitUntilAsync(() => processor.FailingStreams == 0, "the stream recovers");
        Assert.False(running.IsCompleted);
        await stop.CancelAsync();
        await running;

        var row = await Projections.GetAsync(projection.Name, bad);
        Assert.Equal(projection.Replay(await ReadAllAsync(Store, bad)), row!.Data);
        Assert.Equal(row.Version + 1, row.EventsApplied);
    }

    [Fact]
    public async Task Given_a_backlog_When_one_poll_hits_its_time_cap_Then_the_checkpoint_has_moved_page_by_page_and_the_next_polls_go_on()
    {
        var category = NewName("cap");
        var projection = VersionsProjection(NewName("p"), category);
        var heads = new Dictionary<StreamId, long>();
        for (var s = 0; s < 40; s++)
        {
            var stream = new StreamId(category, $"s{s}");
            Assert.IsType<AppendResult.Appended>(await Store.AppendAsync(stream, ExpectedVersion.NoStream, [Event(DateTimeOffset.UtcNow, 0)]));
            heads[stream] = 0;
        }

        await ReadUntilAsync(category, 40);
        var subscription = NewName("sub");
        var subscriptions = CreateSubscriptions(TimeProvider.System);
        var processor = NewProcessor(projection, subscriptions, new FeedOptions
        {
            Subscription = subscription,
            Owner = "worker",
            BatchSize = 3,
            MaxShardPollTime = TimeSpan.FromTicks(1),
            Overlap = TimeSpan.Zero,
            SweepWindow = TimeSpan.Zero,
            LeaseDuration = TimeSpan.FromSeconds(30),
        });

        var applied = await processor.PollAsync();

        // One page of 3 entries per shard at most, and each page checkpointed.
        Assert.InRange(applied, 1, 3 * Feed.Shards);
        var states = await subscriptions.ListAsync(subscription);
        Assert.Contains(states, s => s.Checkpoint != FeedKeys.Start);
        Assert.True((await Projections.GetManyAsync(projection.Name, [.. heads.Keys])).Count < heads.Count);

        await RunUntilCaughtUpAsync(processor, projection, heads);
    }

    [Fact]
    public async Task Given_an_entry_older_than_the_poll_overlap_When_it_shows_up_late_Then_ordinary_polls_pass_it_by_and_the_next_overlap_pass_applies_it()
    {
        // Ordinary polls re-read only PollOverlap before the position reached (so an entry is read a few times, not
        // Overlap / PollInterval times); every OverlapInterval a poll re-reads the whole Overlap. A writer whose clock
        // is 10 s behind commits after the reader has moved on: its entry sorts 10 s before the position.
        var category = NewName("late");
        var projection = VersionsProjection(NewName("p"), category);
        var now = DateTimeOffset.UtcNow;
        var clock = new ManualClock(now);
        var processor = NewProcessor(projection, CreateSubscriptions(clock), new FeedOptions
        {
            Subscription = NewName("sub"),
            Owner = "worker",
            PollOverlap = TimeSpan.FromSeconds(2),
            Overlap = TimeSpan.FromSeconds(45),
            OverlapInterval = TimeSpan.FromSeconds(15),
            LeaseDuration = TimeSpan.FromMinutes(5),
        }, clock);
        var onTime = new StreamId(category, "on-time");
        // In the same shard as the on-time stream: positions are per shard.
        var late = Enumerable.Range(0, 1000).Select(i => new StreamId(category, $"late{i}"))
            .First(candidate => FeedKeys.ShardOf(candidate, Feed.Shards) == FeedKeys.ShardOf(onTime, Feed.Shards));
        Assert.IsType<AppendResult.Appended>(await Store.AppendAsync(onTime, ExpectedVersion.NoStream, [Event(now.AddSeconds(-1), 0)]));
        await ReadUntilAsync(category, 1);
        await RunUntilCaughtUpAsync(processor, projection, new Dictionary<StreamId, long> { [onTime] = 0 });

        Assert.IsType<AppendResult.Appended>(await Store.AppendAsync(late, ExpectedVersion.NoStream, [Event(now.AddSeconds(-10), 0)]));
        Assert.Equal(2, (await ReadUntilAsync(category, 2)).Count);
        clock.Advance(TimeSpan.FromSeconds(1));
        await processor.PollAsync();
        clock.Advance(TimeSpan.FromSeconds(1));
        await processor.PollAsync();
        Assert.Null(await Projections.GetAsync(projection.Name, late));

        clock.Advance(TimeSpan.FromSeconds(15));
        await processor.PollAsync();
        var row = await Projections.GetAsync(projection.Name, late);
        Assert.NotNull(row);
        Assert.Equal(0, row.Version);
    }

    private async Task WaitForRowsAsync(ProjectionDefinition projection, IReadOnlyDictionary<StreamId, long> heads)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var rows = await Projections.GetManyAsync(projection.Name, [.. heads.Keys]);
            if (rows.Count == heads.Count && rows.All(r => r.Version == heads[r.Stream]))
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, $"{rows.Count} of {heads.Count} rows, {rows.Count(r => r.Version == heads[r.Stream])} at their heads.");
            await Task.Delay(50);
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting until {what}.");
            await Task.Delay(20);
        }
    }

    protected FeedProcessor NewProcessor(ProjectionDefinition projection, string subscription, string owner, FeedOptions? options = null) =>
        NewProcessor(
            projection,
            CreateSubscriptions(TimeProvider.System),
            options ?? new FeedOptions { Subscription = subscription, Owner = owner, Overlap = TimeSpan.FromSeconds(5), LeaseDuration = TimeSpan.FromSeconds(2) });

    /// <summary>A processor of one projection over this adapter's feed, store and rows, with the given leases, options and clock.</summary>
    protected FeedProcessor NewProcessor(ProjectionDefinition projection, ISubscriptionStore subscriptions, FeedOptions options, TimeProvider? clock = null) => new(
        Feed,
        Store,
        subscriptions,
        Projections,
        [projection],
        Options.Create(options),
        new FeedMetrics(new TestMeterFactory()),
        clock);

    protected async Task RunUntilCaughtUpAsync(FeedProcessor processor, ProjectionDefinition projection, IReadOnlyDictionary<StreamId, long> heads)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            await processor.PollAsync();
            var rows = await Projections.GetManyAsync(projection.Name, [.. heads.Keys]);
            if (rows.Count == heads.Count && rows.All(r => r.Version == heads[r.Stream]))
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, $"The projection did not catch up: {rows.Count} of {heads.Count} rows, {rows.Count(r => r.Version == heads[r.Stream])} at their heads.");
            await Task.Delay(50);
        }
    }

    public static async Task<List<EventEnvelope>> ReadAllAsync(IEventStore store, StreamId stream)
    {
        ArgumentNullException.ThrowIfNull(store);
        var all = new List<EventEnvelope>();
        string? token = null;
        do
        {
            var page = await store.ReadAsync(stream, 0, 500, token);
            all.AddRange(page.Events);
            token = page.ContinuationToken;
        }
        while (token is not null);
        return all;
    }

    /// <summary>A clock that moves only when told to.</summary>
    public sealed class ManualClock(DateTimeOffset start) : TimeProvider
    {
        private DateTimeOffset _now = start;

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }

    /// <summary>Meters for the processor without a host.</summary>
    public sealed class TestMeterFactory : System.Diagnostics.Metrics.IMeterFactory
    {
        public System.Diagnostics.Metrics.Meter Create(System.Diagnostics.Metrics.MeterOptions options) => new(options);

        public void Dispose()
        {
        }
    }
}
