using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using EventSourcing;
using static Adapters.DynamoDb.Tests.TestEvents;

namespace Adapters.DynamoDb.Tests;

/// <summary>What the contract cannot see of a multi-stream commit: the one request it sends, its retries and its cost.</summary>
public sealed class DynamoDbMultiStreamTests(EventTableFixture table, ITestOutputHelper output) : IClassFixture<EventTableFixture>
{
    private readonly RecordingInterceptor _recorder = new();

    private DynamoDbEventStore RecordedStore() => table.NewStore(InterceptingClient.Wrap(table.Client, _recorder));

    private static StreamAppend Part(StreamId stream, ExpectedVersion expected, Guid commandId, int count = 1) =>
        new(stream, expected, Commit(count, commandId));

    [Fact]
    public async Task Given_seen_unseen_and_new_streams_When_committing_Then_one_TransactWriteItems_is_the_only_request_and_checks_only_the_unseen()
    {
        var store = RecordedStore();
        var (seen, unseen, fresh) = (NewStream(), NewStream(), NewStream());
        await store.AppendAsync(seen, ExpectedVersion.NoStream, [Event()]);
        await table.NewStore().AppendAsync(unseen, ExpectedVersion.NoStream, Commit(3));
        _recorder.Clear();
        var commandId = Guid.NewGuid();

        var result = await store.AppendAsync(
            [Part(seen, ExpectedVersion.Exact(0), commandId, 2), Part(unseen, ExpectedVersion.Exact(2), commandId), Part(fresh, ExpectedVersion.NoStream, commandId)]);

        Assert.IsType<MultiAppendResult.Appended>(result);
        var transaction = Assert.IsType<TransactWriteItemsRequest>(Assert.Single(_recorder.Sent).Request);
        Assert.Equal(5, transaction.TransactItems.Count);
        Assert.Equal(4, transaction.TransactItems.Count(a => a.Put is { ConditionExpression: "attribute_not_exists(#pk)" }));
        Assert.All(transaction.TransactItems.Where(a => a.Put is not null), a => Assert.Equal(ReturnValuesOnConditionCheckFailure.ALL_OLD, a.Put.ReturnValuesOnConditionCheckFailure));
        var check = Assert.Single(transaction.TransactItems, a => a.ConditionCheck is not null).ConditionCheck;
        Assert.Equal((unseen.ToString(), "2"), (check.Key["pk"].S, check.Key["sk"].N));
        Assert.Matches("^[0-9a-f]{32}$", transaction.ClientRequestToken);
    }

    [Fact]
    public async Task Given_two_streams_moved_on_When_committing_Then_the_conflict_comes_from_the_cancellation_reasons_with_no_extra_read()
    {
        var store = RecordedStore();
        var streams = new[] { NewStream(), NewStream(), NewStream() };
        foreach (var stream in streams)
        {
            await store.AppendAsync(stream, ExpectedVersion.NoStream, [Event()]);
        }

        var other = table.NewStore();
        await other.AppendAsync(streams[0], ExpectedVersion.Exact(0), Commit(2));
        await other.AppendAsync(streams[2], ExpectedVersion.Exact(0), [Event()]);
        _recorder.Clear();
        var commandId = Guid.NewGuid();

        var result = await store.AppendAsync(streams.Select(s => Part(s, ExpectedVersion.Exact(0), commandId)).ToList());

        var conflicts = Assert.IsType<MultiAppendResult.Conflict>(result).Streams;
        Assert.Equal([(streams[0], 2L), (streams[2], 1L)], conflicts.Select(c => (c.Stream, c.ActualVersion)));
        Assert.All(conflicts, c => Assert.Equal(1, Assert.Single(c.CommittedEvents).Version));
        Assert.IsType<TransactWriteItemsRequest>(Assert.Single(_recorder.Sent).Request);
    }

    [Fact]
    public async Task Given_100_events_for_streams_this_process_never_saw_When_committing_Then_reads_vouch_for_them_and_one_transaction_writes_all()
    {
        var (one, two) = (NewStream(), NewStream());
        await table.NewStore().AppendAsync(one, ExpectedVersion.NoStream, [Event()]);
        await table.NewStore().AppendAsync(two, ExpectedVersion.NoStream, [Event()]);
        var store = RecordedStore();
        var commandId = Guid.NewGuid();

        var ahead = await store.AppendAsync([Part(one, ExpectedVersion.Exact(0), commandId, 50), Part(two, ExpectedVersion.Exact(3), commandId, 50)]);
        var sentForAhead = _recorder.Sent.Count;
        var result = await store.AppendAsync([Part(one, ExpectedVersion.Exact(0), commandId, 50), Part(two, ExpectedVersion.Exact(0), commandId, 50)]);

        var behind = Assert.Single(Assert.IsType<MultiAppendResult.Conflict>(ahead).Streams);
        Assert.Equal((two, 0L), (behind.Stream, behind.ActualVersion));
        Assert.DoesNotContain(_recorder.Sent.Take(sentForAhead), s => s.Request is TransactWriteItemsRequest);
        Assert.Equal([new StreamVersions(one, 1, 50), new StreamVersions(two, 1, 50)], Assert.IsType<MultiAppendResult.Appended>(result).Streams);
        var transaction = Assert.Single(_recorder.Requests<TransactWriteItemsRequest>());
        Assert.Equal(100, transaction.TransactItems.Count);
        Assert.All(transaction.TransactItems, a => Assert.Null(a.ConditionCheck));
        Assert.Equal(51, (await ReadAll(table.NewStore(), two)).Count);
    }

    [Fact]
    public async Task Given_transaction_conflicts_When_committing_to_several_streams_Then_it_retries_with_new_tokens_and_then_gives_up_unavailable()
    {
        // DynamoDB Local never reports TransactionConflict; AWS does when two transactions touch one item at once.
        var conflictsLeft = 2;
        var tokens = new List<string>();
        var client = InterceptingClient.Wrap(table.Client, new CallbackInterceptor(async (operation, request, send) =>
        {
            if (request is TransactWriteItemsRequest transaction)
            {
                tokens.Add(transaction.ClientRequestToken);
                if (conflictsLeft-- > 0)
                {
                    throw new TransactionCanceledException("Transaction cancelled")
                    {
                        CancellationReasons = [new() { Code = "None" }, new() { Code = "TransactionConflict" }],
                    };
                }
            }

            return await send();
        }));
        var (one, two) = (NewStream(), NewStream());
        var commandId = Guid.NewGuid();

        var result = await table.NewStore(client).AppendAsync([Part(one, ExpectedVersion.NoStream, commandId), Part(two, ExpectedVersion.NoStream, commandId)]);
        conflictsLeft = int.MaxValue;
        var (three, four) = (NewStream(), NewStream());
        await Assert.ThrowsAsync<EventStoreUnavailableException>(
            () => table.NewStore(client).AppendAsync([Part(three, ExpectedVersion.NoStream, commandId), Part(four, ExpectedVersion.NoStream, commandId)]));

        Assert.IsType<MultiAppendResult.Appended>(result);
        Assert.Equal(3, tokens.Take(3).Distinct().Count());
        Assert.Single(await ReadAll(table.NewStore(), two));
        Assert.Empty(await ReadAll(table.NewStore(), three));
        Assert.Empty(await ReadAll(table.NewStore(), four));
    }

    [Fact]
    public async Task Given_four_streams_When_one_commit_writes_an_event_to_each_Then_its_cost_is_printed_against_four_PutItems()
    {
        var meter = table.NewMeter();
        var store = table.NewStore(meter: meter);
        var streams = Enumerable.Range(0, 12).Select(_ => NewStream()).ToList();
        foreach (var stream in streams.Take(8))
        {
            await store.AppendAsync(stream, ExpectedVersion.NoStream, [Event()]);
        }

        var singles = await CostAsync(async () =>
        {
            foreach (var stream in streams.Take(4))
            {
                Assert.IsType<AppendResult.Appended>(await store.AppendAsync(stream, ExpectedVersion.Exact(0), [Event()]));
            }
        });
        var commandId = Guid.NewGuid();
        var multi = await CostAsync(async () => Assert.IsType<MultiAppendResult.Appended>(
            await store.AppendAsync(streams.Skip(4).Take(4).Select(s => Part(s, ExpectedVersion.Exact(0), commandId)).ToList())));
        var cold = await CostAsync(async () => Assert.IsType<MultiAppendResult.Appended>(
            await store.AppendAsync(streams.Skip(8).Select(s => Part(s, ExpectedVersion.NoStream, commandId)).ToList())));
        var itemBytes = ItemSize.Of((await table.Client.GetItemAsync(table.TableName, TableSchema.Key(streams[4].ToString(), 1))).Item);
        var awsRule = 4 * 2 * Math.Ceiling(itemBytes / 1024.0);

        output.WriteLine($"an event item is {itemBytes:N0} bytes");
        output.WriteLine("| append | requests | WCU reported by DynamoDB Local | WCU on AWS (rule) |");
        output.WriteLine("| --- | --- | --- | --- |");
        output.WriteLine($"| 4 single-stream appends, one event each (PutItem) | {singles.Requests} | {singles.WriteCapacityUnits} | 8 (1 WCU per KB per item, plus 1 per feed index entry) |");
        output.WriteLine($"| 1 commit to 4 streams, one event each (TransactWriteItems, 4 Puts) | {multi.Requests} | {multi.WriteCapacityUnits} | {awsRule} (2 WCU per KB per item in a transaction) |");
        output.WriteLine($"| 1 commit creating 4 streams (TransactWriteItems, 4 Puts, no ConditionCheck; first events also write the by-category index) | {cold.Requests} | {cold.WriteCapacityUnits} | {awsRule} + 4 index writes |");
        output.WriteLine("AWS bills a TransactWriteItems 2 WCU per KB (rounded up) of every item in it, ConditionChecks included; DynamoDB Local's figure for transactions is not AWS's.");

        // Each PutItem also writes the event's change feed index entry (issue 11): 2 WCU an event, 4 before the feed.
        Assert.Equal((4, 8.0), (singles.Requests, singles.WriteCapacityUnits));
        Assert.Equal(1, multi.Requests);
        Assert.Equal(1, cold.Requests);
        Assert.True(multi.WriteCapacityUnits > 0, "The transaction reported no write capacity.");

        async Task<CapacityTotals> CostAsync(Func<Task> append)
        {
            var before = meter.For(Operations.Append);
            await append();
            return meter.For(Operations.Append) - before;
        }
    }
}
