using System.Text;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using EventSourcing;
using static Adapters.DynamoDb.Tests.TestEvents;

namespace Adapters.DynamoDb.Tests;

/// <summary>What the contract cannot see: which requests an append sends, item limits, lost responses, the item layout.</summary>
public sealed class DynamoDbAppendTests(EventTableFixture table) : IClassFixture<EventTableFixture>
{
    private readonly RecordingInterceptor _recorder = new();

    private DynamoDbEventStore RecordedStore() => table.NewStore(InterceptingClient.Wrap(table.Client, _recorder));

    [Fact]
    public async Task Given_a_loaded_stream_When_appending_one_event_Then_one_conditional_PutItem_is_the_only_request()
    {
        var store = RecordedStore();
        var stream = NewStream();
        await store.AppendAsync(stream, ExpectedVersion.NoStream, [Event()]);
        await store.LoadAsync(stream, 1);
        _recorder.Clear();

        var result = await store.AppendAsync(stream, ExpectedVersion.Exact(0), [Event()]);

        Assert.Equal(new AppendResult.Appended(1, 1), result);
        var put = Assert.IsType<PutItemRequest>(Assert.Single(_recorder.Sent).Request);
        Assert.Equal("attribute_not_exists(#pk)", put.ConditionExpression);
        Assert.Equal(ReturnValuesOnConditionCheckFailure.ALL_OLD, put.ReturnValuesOnConditionCheckFailure);
        Assert.Equal(ReturnConsumedCapacity.TOTAL, put.ReturnConsumedCapacity);
    }

    [Fact]
    public async Task Given_a_version_this_process_never_saw_When_appending_Then_one_transaction_checks_that_the_version_exists()
    {
        var stream = NewStream();
        await table.NewStore().AppendAsync(stream, ExpectedVersion.NoStream, Commit(3));
        var cold = RecordedStore();

        var result = await cold.AppendAsync(stream, ExpectedVersion.Exact(2), [Event()]);

        Assert.Equal(new AppendResult.Appended(3, 3), result);
        var transaction = Assert.IsType<TransactWriteItemsRequest>(Assert.Single(_recorder.Sent).Request);
        Assert.Equal(2, transaction.TransactItems.Count);
        Assert.Equal("2", transaction.TransactItems[1].ConditionCheck.Key["sk"].N);
        Assert.Matches("^[0-9a-f]{32}$", transaction.ClientRequestToken);
    }

    [Fact]
    public async Task Given_a_multi_event_commit_When_appending_Then_one_transaction_writes_all_of_it()
    {
        var store = RecordedStore();
        var stream = NewStream();

        var result = await store.AppendAsync(stream, ExpectedVersion.NoStream, Commit(5));

        Assert.Equal(new AppendResult.Appended(0, 4), result);
        var transaction = Assert.IsType<TransactWriteItemsRequest>(Assert.Single(_recorder.Sent).Request);
        Assert.Equal(5, transaction.TransactItems.Count);
        Assert.All(transaction.TransactItems, t => Assert.Equal("attribute_not_exists(#pk)", t.Put.ConditionExpression));
    }

    [Fact]
    public async Task Given_a_full_commit_of_100_events_at_an_unseen_version_When_appending_Then_a_read_vouches_for_it_and_gaps_stay_impossible()
    {
        var stream = NewStream();
        await table.NewStore().AppendAsync(stream, ExpectedVersion.NoStream, [Event()]);

        var ahead = await table.NewStore().AppendAsync(stream, ExpectedVersion.Exact(7), Commit(100));
        var ok = await table.NewStore().AppendAsync(stream, ExpectedVersion.Exact(0), Commit(100));

        Assert.Equal(new AppendResult.Conflict(ExpectedVersion.Exact(7), 0, []), ahead);
        Assert.Equal(new AppendResult.Appended(1, 100), ok);
        Assert.Equal(Enumerable.Range(0, 101).Select(i => (long)i), (await ReadAll(table.NewStore(), stream)).Select(e => e.Version));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public async Task Given_a_stale_version_When_the_append_conflicts_Then_the_winner_comes_back_from_the_failed_write_with_no_extra_read(int events)
    {
        var store = RecordedStore();
        var stream = NewStream();
        await store.AppendAsync(stream, ExpectedVersion.NoStream, [Event()]);
        var winner = Event();
        await table.NewStore().AppendAsync(stream, ExpectedVersion.Exact(0), [winner, Event(winner.Metadata.CommandId)]);
        _recorder.Clear();

        var result = await store.AppendAsync(stream, ExpectedVersion.Exact(0), Commit(events));

        var conflict = Assert.IsType<AppendResult.Conflict>(result);
        Assert.Equal(2, conflict.ActualVersion);
        Assert.Equal(winner.EventId, Assert.Single(conflict.CommittedEvents).EventId);
        Assert.Single(_recorder.Sent);
    }

    [Fact]
    public async Task Given_a_lost_PutItem_response_When_the_command_is_retried_Then_it_is_already_applied_not_written_twice()
    {
        var stream = NewStream();
        var loseNext = true;
        var client = InterceptingClient.Wrap(table.Client, new CallbackInterceptor(async (operation, _, send) =>
        {
            var response = await send();
            if (operation == "PutItem" && loseNext)
            {
                loseNext = false;
                throw new TaskCanceledException("The response was lost.", new TimeoutException());
            }

            return response;
        }));
        var store = table.NewStore(client);
        await table.NewStore().AppendAsync(stream, ExpectedVersion.NoStream, [Event()]);
        await store.LoadAsync(stream, 1);
        var commandId = Guid.NewGuid();

        await Assert.ThrowsAsync<EventStoreUnavailableException>(() => store.AppendAsync(stream, ExpectedVersion.Exact(0), [Event(commandId)]));
        // The handler re-decides: new event ids, same command id, same version.
        var retried = await store.AppendAsync(stream, ExpectedVersion.Exact(0), [Event(commandId)]);

        var done = Assert.IsType<AppendResult.AlreadyApplied>(retried);
        Assert.Equal((1L, 1L, (Guid?)commandId), (done.FirstVersion, done.LastVersion, done.FirstEvent?.Metadata.CommandId));
        Assert.Equal(2, (await ReadAll(store, stream)).Count);
    }

    [Fact]
    public async Task Given_a_lost_transaction_response_When_the_commit_is_resent_or_redecided_Then_it_is_never_written_twice()
    {
        var stream = NewStream();
        var loseNext = true;
        var client = InterceptingClient.Wrap(table.Client, new CallbackInterceptor(async (operation, _, send) =>
        {
            var response = await send();
            if (operation == "TransactWriteItems" && loseNext)
            {
                loseNext = false;
                throw new TaskCanceledException("The response was lost.", new TimeoutException());
            }

            return response;
        }));
        var store = table.NewStore(client);
        var commandId = Guid.NewGuid();
        var commit = Commit(3, commandId);

        await Assert.ThrowsAsync<EventStoreUnavailableException>(() => store.AppendAsync(stream, ExpectedVersion.NoStream, commit));
        // The same request again (what an SDK retry sends): the client token makes DynamoDB answer success without writing.
        var resent = await store.AppendAsync(stream, ExpectedVersion.NoStream, commit);
        // Re-decided (new event ids): a new token, so the condition and the command id catch it.
        var redecided = await store.AppendAsync(stream, ExpectedVersion.NoStream, Commit(3, commandId));

        Assert.True(resent is AppendResult.Appended(0, 2) or AppendResult.AlreadyApplied(0, 2, _), $"Got {resent}.");
        var done = Assert.IsType<AppendResult.AlreadyApplied>(redecided);
        Assert.Equal((0L, 2L, (Guid?)commandId), (done.FirstVersion, done.LastVersion, done.FirstEvent?.Metadata.CommandId));
        Assert.Equal(commit.Select(e => e.EventId), (await ReadAll(store, stream)).Select(e => e.EventId));
    }

    [Fact]
    public async Task Given_an_event_whose_item_is_exactly_400_KB_When_appending_Then_it_is_stored_and_reads_back_whole()
    {
        var store = table.NewStore();
        var stream = NewStream();
        var data = SizedEvent(stream, 0, ItemSize.MaxItemBytes);

        var result = await store.AppendAsync(stream, ExpectedVersion.NoStream, [data]);

        Assert.Equal(new AppendResult.Appended(0, 0), result);
        Assert.Equal(data.Payload, Assert.Single((await store.LoadAsync(stream, 1)).Events).Payload);
    }

    [Fact]
    public async Task Given_an_event_one_byte_over_400_KB_When_appending_Then_it_is_refused_before_anything_is_sent()
    {
        var store = RecordedStore();
        var stream = NewStream();
        var data = SizedEvent(stream, 0, ItemSize.MaxItemBytes + 1);

        var error = await Assert.ThrowsAsync<CommitTooLargeException>(() => store.AppendAsync(stream, ExpectedVersion.NoStream, [data]));

        Assert.Contains("400 KB", error.Message, StringComparison.Ordinal);
        Assert.Empty(_recorder.Sent);
        Assert.False((await store.LoadAsync(stream, 1)).Exists);
    }

    [Fact]
    public async Task Given_a_commit_over_4_MB_in_all_When_appending_Then_it_is_refused_before_anything_is_sent()
    {
        var store = RecordedStore();
        var stream = NewStream();
        var events = Enumerable.Range(0, 11).Select(i => SizedEvent(stream, i, 390 * 1024)).ToList();
        var commandId = events[0].Metadata.CommandId;
        events = events.Select(e => e with { Metadata = e.Metadata with { CommandId = commandId } }).ToList();

        await Assert.ThrowsAsync<CommitTooLargeException>(() => store.AppendAsync(stream, ExpectedVersion.NoStream, events));

        Assert.Empty(_recorder.Sent);
    }

    [Fact]
    public async Task Given_DynamoDB_itself_When_an_item_is_one_byte_over_our_count_Then_it_refuses_it_too()
    {
        // Proves the size count matches DynamoDB's: the item our check would refuse, sent raw, is refused by the server.
        var stream = NewStream();
        var item = EventItems.ToItem(stream, 0, SizedEvent(stream, 0, ItemSize.MaxItemBytes + 1), 0, 0, DynamoDbOptions.DefaultFeedShards);
        Assert.Equal(ItemSize.MaxItemBytes + 1, ItemSize.Of(item));

        var error = await Assert.ThrowsAnyAsync<AmazonDynamoDBException>(
            () => table.Client.PutItemAsync(new PutItemRequest { TableName = table.TableName, Item = item }));

        Assert.Contains("size", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Given_16_cold_writers_with_two_event_commits_When_they_race_Then_exactly_one_transaction_wins_every_round()
    {
        const int writers = 16;
        var stream = NewStream();
        await table.NewStore().AppendAsync(stream, ExpectedVersion.NoStream, [Event()]);
        var head = 0L;
        for (var round = 0; round < 20; round++)
        {
            // Each racer is a fresh process as far as the store knows: none can vouch, so all send a ConditionCheck.
            var stores = Enumerable.Range(0, writers).Select(_ => table.NewStore()).ToList();
            var expected = ExpectedVersion.Exact(head);
            using var barrier = new Barrier(writers);
            var racers = stores.Select(store => Task.Factory.StartNew(
                () =>
                {
                    barrier.SignalAndWait();
                    return store.AppendAsync(stream, expected, Commit(2));
                },
                CancellationToken.None,
                TaskCreationOptions.LongRunning,
                TaskScheduler.Default).Unwrap());

            var results = await Task.WhenAll(racers);

            var winner = Assert.Single(results.OfType<AppendResult.Appended>());
            Assert.Equal(new AppendResult.Appended(head + 1, head + 2), winner);
            var conflicts = results.OfType<AppendResult.Conflict>().ToList();
            Assert.Equal(writers - 1, conflicts.Count);
            Assert.All(conflicts, c => Assert.Equal(head + 2, c.ActualVersion));
            Assert.All(conflicts, c => Assert.Equal(head + 1, Assert.Single(c.CommittedEvents).Version));
            head += 2;
        }

        Assert.Equal(Enumerable.Range(0, (int)head + 1).Select(i => (long)i), (await ReadAll(table.NewStore(), stream)).Select(e => e.Version));
    }

    [Fact]
    public async Task Given_stored_events_When_reading_the_raw_items_Then_they_have_named_readable_attributes_and_only_the_first_is_indexed()
    {
        var stream = NewStream();
        var data = Event(payload: """{"name":"Grög"}""");
        await table.NewStore().AppendAsync(stream, ExpectedVersion.NoStream, [data, Event(data.Metadata.CommandId)]);

        var first = (await table.Client.GetItemAsync(table.TableName, TableSchema.Key(stream.ToString(), 0))).Item;
        var second = (await table.Client.GetItemAsync(table.TableName, TableSchema.Key(stream.ToString(), 1))).Item;

        Assert.Equal(stream.ToString(), first["pk"].S);
        Assert.Equal("0", first["sk"].N);
        Assert.Equal(data.EventId.ToString(), first["eventId"].S);
        Assert.Equal("thing-happened.v1", first["type"].S);
        Assert.Equal("1", first["schemaVersion"].N);
        Assert.Equal("2026-11-22T10:00:00.0000000Z", first["timestamp"].S);
        Assert.Equal("""{"name":"Grög"}""", first["data"].S);
        Assert.Equal(data.Metadata.CommandId.ToString(), first["commandId"].S);
        Assert.Equal(data.Metadata.CorrelationId.ToString(), first["correlationId"].S);
        Assert.Equal(data.Metadata.CausationId.ToString(), first["causationId"].S);
        Assert.Equal(("0", "1"), (first["commitFirst"].N, first["commitLast"].N));
        Assert.Equal(("adapter", stream.ToString()), (first["gsi1pk"].S, first["gsi1sk"].S));
        Assert.False(second.ContainsKey("gsi1pk"));
    }

    [Fact]
    public async Task Given_a_snapshot_of_a_version_that_does_not_exist_When_writing_it_Then_it_is_refused()
    {
        var stream = NewStream();
        await table.NewStore().AppendAsync(stream, ExpectedVersion.NoStream, Commit(2));

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(
            () => table.NewStore().WriteSnapshotAsync(stream, new Snapshot(5, 1, DateTimeOffset.UnixEpoch, "{}")));
        Assert.True(await table.NewStore().WriteSnapshotAsync(stream, new Snapshot(1, 1, DateTimeOffset.UnixEpoch, "{}")));
    }

    /// <summary>An event whose item (at that version, in that stream) is exactly <paramref name="itemBytes"/> bytes.</summary>
    private static EventData SizedEvent(StreamId stream, long version, int itemBytes)
    {
        var probe = Event(payload: "\"\"");
        var baseSize = ItemSize.Of(EventItems.ToItem(stream, version, probe, version, version, DynamoDbOptions.DefaultFeedShards));
        var padding = itemBytes - baseSize;
        return probe with { Payload = "\"" + new string('x', padding) + "\"" };
    }
}
