using Amazon.DynamoDBv2.Model;
using EventSourcing;
using static Adapters.DynamoDb.Tests.TestEvents;

namespace Adapters.DynamoDb.Tests;

/// <summary>
/// The load in one round trip (issue 14 §1): the snapshot's GetItem and a backward Query of the newest events go out
/// together, sized from what the store knows; a short stream is one Query. Whatever the store knows or gets wrong,
/// it must load exactly what the two-round-trip load loads.
/// </summary>
public sealed class DynamoDbLoadTests(EventTableFixture table) : IClassFixture<EventTableFixture>
{
    private readonly RecordingInterceptor _recorder = new();

    [Fact]
    public async Task Given_a_stream_loaded_before_When_loading_again_Then_one_GetItem_and_one_backward_Query_of_the_tail_load_what_two_round_trips_load()
    {
        var stream = await SeedAsync(events: 30, snapshotAt: 24);
        var store = table.NewStore(InterceptingClient.Wrap(table.Client, _recorder));
        await store.LoadAsync(stream, 1);
        _recorder.Clear();
        var meter = table.NewMeter();
        var oneRoundTrip = table.NewStore(InterceptingClient.Wrap(table.Client, _recorder), meter);
        await oneRoundTrip.LoadAsync(stream, 1);
        var before = meter.For(Operations.Load);
        _recorder.Clear();

        var loaded = await oneRoundTrip.LoadAsync(stream, 1);
        var oneCost = meter.For(Operations.Load) - before;
        var sent = _recorder.Sent.Select(s => s.Request).ToList();
        var twoMeter = table.NewMeter();
        var reference = await table.NewStore(meter: twoMeter, loadInOneRoundTrip: false).LoadAsync(stream, 1);

        Assert.Equal(2, sent.Count);
        Assert.Single(sent.OfType<GetItemRequest>());
        var query = Assert.Single(sent.OfType<QueryRequest>());
        Assert.False(query.ScanIndexForward);
        Assert.Equal(6, query.Limit); // versions 24 to 29: the snapshot's own event and the five after it
        Assert.True(query.ConsistentRead);
        AssertSame(reference, loaded);
        Assert.True(oneCost.ReadCapacityUnits <= twoMeter.For(Operations.Load).ReadCapacityUnits,
            $"one round trip read {oneCost.ReadCapacityUnits} RCU, two round trips {twoMeter.For(Operations.Load).ReadCapacityUnits}");
    }

    [Fact]
    public async Task Given_a_warm_load_When_the_GetItem_is_held_Then_the_Query_is_already_sent()
    {
        var stream = await SeedAsync(events: 30, snapshotAt: 19);
        var gate = new HoldGetItemUntilQuery();
        var store = table.NewStore(InterceptingClient.Wrap(table.Client, gate));
        gate.Enabled = false;
        await store.LoadAsync(stream, 1);
        gate.Enabled = true;

        var loaded = await store.LoadAsync(stream, 1);

        Assert.True(gate.QuerySentWhileGetItemHeld, "The Query waited for the GetItem's answer: two round trips.");
        Assert.Equal(29, loaded.Version);
        Assert.Equal(19, loaded.Snapshot?.Version);
    }

    [Fact]
    public async Task Given_a_short_stream_without_a_snapshot_When_loading_again_Then_one_Query_reads_it_whole_and_finds_a_snapshot_written_since()
    {
        var stream = NewStream();
        var store = table.NewStore(InterceptingClient.Wrap(table.Client, _recorder));
        await store.AppendAsync(stream, ExpectedVersion.NoStream, Commit(5));
        await store.LoadAsync(stream, 1);
        _recorder.Clear();

        var first = await store.LoadAsync(stream, 1);
        var firstSent = _recorder.Sent.Select(s => s.Request).ToList();
        Assert.True(await table.NewStore().WriteSnapshotAsync(stream, new Snapshot(3, 1, DateTimeOffset.UnixEpoch, "{}")));
        _recorder.Clear();
        var second = await store.LoadAsync(stream, 1);
        var secondSent = _recorder.Sent.Select(s => s.Request).ToList();

        var query = Assert.IsType<QueryRequest>(Assert.Single(firstSent));
        Assert.Equal("-1", query.ExpressionAttributeValues[":from"].N);
        Assert.False(query.ScanIndexForward);
        Assert.Null(first.Snapshot);
        Assert.Equal([0L, 1L, 2L, 3L, 4L], first.Events.Select(e => e.Version));
        Assert.IsType<QueryRequest>(Assert.Single(secondSent));
        Assert.Equal(3, second.Snapshot?.Version);
        Assert.Equal([4L], second.Events.Select(e => e.Version));
        Assert.Equal(4, second.Version);
    }

    [Fact]
    public async Task Given_another_process_appended_since_When_loading_Then_a_second_Query_reads_the_gap_and_the_load_is_complete()
    {
        var stream = await SeedAsync(events: 30, snapshotAt: 24);
        var store = table.NewStore(InterceptingClient.Wrap(table.Client, _recorder));
        await store.LoadAsync(stream, 1);
        Assert.IsType<AppendResult.Appended>(await table.NewStore().AppendAsync(stream, ExpectedVersion.Exact(29), Commit(40)));
        _recorder.Clear();

        var loaded = await store.LoadAsync(stream, 1);

        Assert.Equal(2, _recorder.Requests<QueryRequest>().Count());
        AssertSame(await table.NewStore(loadInOneRoundTrip: false).LoadAsync(stream, 1), loaded);
        Assert.Equal(69, loaded.Version);
        Assert.Equal(Enumerable.Range(25, 45).Select(v => (long)v), loaded.Events.Select(e => e.Version));
    }

    [Fact]
    public async Task Given_a_first_load_and_a_snapshot_further_behind_than_the_guess_When_loading_Then_the_gap_is_read()
    {
        var stream = await SeedAsync(events: 30, snapshotAt: 9);
        var store = table.NewStore(InterceptingClient.Wrap(table.Client, _recorder), loadTailGuess: 5);

        var loaded = await store.LoadAsync(stream, 1);

        AssertSame(await table.NewStore(loadInOneRoundTrip: false).LoadAsync(stream, 1), loaded);
        Assert.Equal(Enumerable.Range(10, 20).Select(v => (long)v), loaded.Events.Select(e => e.Version));
        Assert.Equal(5, _recorder.Requests<QueryRequest>().First().Limit);
    }

    [Fact]
    public async Task Given_a_store_that_has_read_events_When_it_loads_a_stream_it_does_not_know_Then_it_asks_for_what_fits_in_one_read_unit()
    {
        var payload = new string('x', 1_000);
        var known = NewStream();
        var unknown = NewStream();
        var writer = table.NewStore();
        await writer.AppendAsync(known, ExpectedVersion.NoStream, Commit(30, payload: _ => $$"""{"text":"{{payload}}"}"""));
        await writer.AppendAsync(unknown, ExpectedVersion.NoStream, Commit(30, payload: _ => $$"""{"text":"{{payload}}"}"""));
        Assert.True(await writer.WriteSnapshotAsync(unknown, new Snapshot(28, 1, DateTimeOffset.UnixEpoch, "{}")));
        var store = table.NewStore(InterceptingClient.Wrap(table.Client, _recorder));
        await store.LoadAsync(known, 1);
        _recorder.Clear();

        var loaded = await store.LoadAsync(unknown, 1);

        // Items of about 1.3 to 1.5 KB: two or three fit in 4 KB, where a store that has read nothing asks for the guess (20).
        var query = Assert.Single(_recorder.Requests<QueryRequest>());
        Assert.InRange(query.Limit ?? 0, 2, 3);
        AssertSame(await table.NewStore(loadInOneRoundTrip: false).LoadAsync(unknown, 1), loaded);
    }

    [Fact]
    public async Task Given_a_snapshot_of_another_schema_When_loading_in_one_round_trip_Then_every_event_is_read()
    {
        var stream = await SeedAsync(events: 30, snapshotAt: 24);
        var store = table.NewStore();
        await store.LoadAsync(stream, 1);

        var loaded = await store.LoadAsync(stream, snapshotSchemaVersion: 2);

        Assert.Null(loaded.Snapshot);
        Assert.Equal(Enumerable.Range(0, 30).Select(v => (long)v), loaded.Events.Select(e => e.Version));
    }

    private async Task<StreamId> SeedAsync(int events, long snapshotAt)
    {
        var stream = NewStream();
        var store = table.NewStore();
        Assert.IsType<AppendResult.Appended>(await store.AppendAsync(stream, ExpectedVersion.NoStream, Commit(events)));
        Assert.True(await store.WriteSnapshotAsync(stream, new Snapshot(snapshotAt, 1, DateTimeOffset.UnixEpoch, "{}")));
        return stream;
    }

    private static void AssertSame(LoadedStream expected, LoadedStream actual)
    {
        Assert.Equal(expected.Version, actual.Version);
        Assert.Equal(expected.Snapshot?.Version, actual.Snapshot?.Version);
        Assert.Equal(expected.Events.Select(e => (e.Version, e.EventId)), actual.Events.Select(e => (e.Version, e.EventId)));
    }

    /// <summary>Holds a GetItem (up to 10 s) until a Query has been sent: a load that waits for the GetItem first never sends it.</summary>
    private sealed class HoldGetItemUntilQuery : IRequestInterceptor
    {
        private readonly TaskCompletionSource _querySent = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool Enabled { get; set; } = true;

        public bool QuerySentWhileGetItemHeld { get; private set; }

        public async Task<T> InterceptAsync<T>(string operation, object? request, Func<Task<T>> send)
        {
            if (Enabled && request is QueryRequest)
            {
                _querySent.TrySetResult();
            }
            else if (Enabled && request is GetItemRequest)
            {
                QuerySentWhileGetItemHeld = await Task.WhenAny(_querySent.Task, Task.Delay(TimeSpan.FromSeconds(10))) == _querySent.Task;
            }

            return await send();
        }
    }
}
