using Amazon.DynamoDBv2.Model;
using EventSourcing;
using static Adapters.DynamoDb.Tests.TestEvents;

namespace Adapters.DynamoDb.Tests;

/// <summary>Reads past DynamoDB's 1 MB page, and the consistency that only the requests themselves can show.</summary>
public sealed class DynamoDbReadTests(EventTableFixture table) : IClassFixture<EventTableFixture>
{
    private const int LargeEvents = 600;
    private const int PayloadBytes = 2_000;

    private readonly RecordingInterceptor _recorder = new();

    [Fact]
    public async Task Given_a_history_over_1_MB_When_paging_and_loading_Then_every_event_comes_exactly_once_in_order()
    {
        var store = table.NewStore(InterceptingClient.Wrap(table.Client, _recorder));
        var stream = NewStream();
        var expected = ExpectedVersion.NoStream;
        for (var commit = 0; commit < LargeEvents / 100; commit++)
        {
            var start = commit * 100;
            var appended = Assert.IsType<AppendResult.Appended>(
                await store.AppendAsync(stream, expected, Commit(100, payload: i => Payload(start + i))));
            expected = ExpectedVersion.Exact(appended.LastVersion);
        }

        _recorder.Clear();
        var onePage = await store.ReadAsync(stream, 0, 1000);
        var onePageQueries = _recorder.Requests<QueryRequest>().Count();
        var paged = await ReadAll(store, stream, pageSize: 97);
        _recorder.Clear();
        var loaded = await store.LoadAsync(stream, 1);
        var loadQueries = _recorder.Requests<QueryRequest>().Count();

        var versions = Enumerable.Range(0, LargeEvents).Select(i => (long)i).ToList();
        Assert.True(LargeEvents * PayloadBytes > 1024 * 1024);
        Assert.Null(onePage.ContinuationToken);
        Assert.Equal(versions, onePage.Events.Select(e => e.Version));
        Assert.True(onePageQueries >= 2, $"A page over 1 MB needs DynamoDB's LastEvaluatedKey; {onePageQueries} query sent.");
        Assert.Equal(versions, paged.Select(e => e.Version));
        Assert.Equal(Enumerable.Range(0, LargeEvents).Select(Payload), paged.Select(e => e.Payload));
        Assert.Equal(versions, loaded.Events.Select(e => e.Version));
        Assert.Equal(LargeEvents - 1, loaded.Version);
        Assert.True(loadQueries >= 2);
    }

    [Fact]
    public async Task Given_exactly_a_page_of_events_When_reading_Then_the_last_page_has_no_token()
    {
        var store = table.NewStore();
        var stream = NewStream();
        await store.AppendAsync(stream, ExpectedVersion.NoStream, Commit(10));

        var first = await store.ReadAsync(stream, 0, 5);
        var second = await store.ReadAsync(stream, 0, 5, first.ContinuationToken);

        Assert.NotNull(first.ContinuationToken);
        Assert.Equal([5L, 6L, 7L, 8L, 9L], second.Events.Select(e => e.Version));
        Assert.Null(second.ContinuationToken);
    }

    [Fact]
    public async Task Given_loads_and_history_reads_When_recording_the_requests_Then_every_one_asks_for_a_strongly_consistent_read()
    {
        // DynamoDB Local answers every read as if consistent, so only the request can prove we asked for it.
        var store = table.NewStore(InterceptingClient.Wrap(table.Client, _recorder));
        var stream = NewStream();
        await table.NewStore().AppendAsync(stream, ExpectedVersion.NoStream, Commit(30));
        await table.NewStore().WriteSnapshotAsync(stream, new Snapshot(9, 1, DateTimeOffset.UnixEpoch, "{}"));
        _recorder.Clear();

        await store.LoadAsync(stream, 1);                  // snapshot + tail
        await store.LoadAsync(stream, 2);                  // snapshot of another schema: everything
        await store.LoadAsync(NewStream(), 1);             // no stream
        await ReadAll(store, stream, pageSize: 7);         // history pages
        await table.NewStore().AppendAsync(stream, ExpectedVersion.Exact(29), [Event()]);
        await store.AppendAsync(stream, ExpectedVersion.Exact(29), [Event()]);   // conflict path
        await store.AppendAsync(stream, ExpectedVersion.Exact(99), [Event()]);   // ahead: reads the head

        var reads = _recorder.Sent.Where(s => s.Request is GetItemRequest or QueryRequest).ToList();
        Assert.True(reads.Count >= 12, $"Only {reads.Count} reads were recorded.");
        Assert.All(reads, r => Assert.True(
            r.Request is GetItemRequest { ConsistentRead: true } or QueryRequest { ConsistentRead: true },
            $"{r.Operation} was sent without ConsistentRead = true."));
    }

    [Fact]
    public async Task Given_a_listing_When_recording_the_requests_Then_it_queries_the_sparse_index_and_never_scans()
    {
        var store = table.NewStore(InterceptingClient.Wrap(table.Client, _recorder));
        var category = "l" + Guid.NewGuid().ToString("N")[..10];
        for (var i = 0; i < 3; i++)
        {
            await store.AppendAsync(NewStream(category), ExpectedVersion.NoStream, Commit(3));
        }

        _recorder.Clear();
        var page = await store.ListStreamsAsync(category, 10);

        Assert.Equal(3, page.FirstEvents.Count);
        var query = Assert.IsType<QueryRequest>(Assert.Single(_recorder.Sent).Request);
        Assert.Equal("by-category", query.IndexName);
        Assert.DoesNotContain(_recorder.Sent, s => s.Operation == "Scan");
    }

    [Fact]
    public async Task Given_a_snapshots_event_deleted_by_hand_When_loading_then_appending_at_the_old_head_Then_the_load_reads_from_the_snapshots_version_and_no_item_is_written()
    {
        var store = table.NewStore(InterceptingClient.Wrap(table.Client, _recorder));
        var stream = NewStream();
        await store.AppendAsync(stream, ExpectedVersion.NoStream, Commit(5));
        await store.WriteSnapshotAsync(stream, new Snapshot(4, 1, DateTimeOffset.UnixEpoch, "{}"));
        _recorder.Clear();
        await store.LoadAsync(stream, 1);
        var loadQuery = Assert.Single(_recorder.Requests<QueryRequest>());
        await table.Client.DeleteItemAsync(table.TableName, TableSchema.Key(stream.ToString(), 4));
        var before = await RawKeysAsync(stream);
        _recorder.Clear();

        await Assert.ThrowsAsync<StreamCorruptedException>(() => store.LoadAsync(stream, 1));
        var append = await store.AppendAsync(stream, ExpectedVersion.Exact(4), [Event()]);

        // The load asked for the snapshot's own event: newest first, as many items as the snapshot's version to the head.
        Assert.False(loadQuery.ScanIndexForward);
        Assert.Equal(1, loadQuery.Limit);
        Assert.Equal([-1L, 0L, 1L, 2L, 3L], before);
        Assert.Equal(before, await RawKeysAsync(stream));
        Assert.Equal(3, Assert.IsType<AppendResult.Conflict>(append).ActualVersion);
        Assert.DoesNotContain(_recorder.Sent, s => s.Request is PutItemRequest);
    }

    /// <summary>Every sort key in the stream's partition, snapshot and flag items included, read around the adapter.</summary>
    private async Task<List<long>> RawKeysAsync(StreamId stream)
    {
        var response = await table.Client.QueryAsync(new QueryRequest
        {
            TableName = table.TableName,
            KeyConditionExpression = "pk = :pk",
            ExpressionAttributeValues = new Dictionary<string, AttributeValue> { [":pk"] = new() { S = stream.ToString() } },
            ConsistentRead = true,
        });
        return response.Items.Select(i => TableSchema.ReadLong(i, TableSchema.Sk)).ToList();
    }

    private static string Payload(int index) => $$"""{"index":{{index}},"padding":"{{new string('p', PayloadBytes - 30)}}"}""";
}
