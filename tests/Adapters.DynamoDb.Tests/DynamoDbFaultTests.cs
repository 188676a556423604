using System.Net;
using System.Net.Sockets;
using Amazon.Runtime;
using EventSourcing;
using static Adapters.DynamoDb.Tests.TestEvents;

namespace Adapters.DynamoDb.Tests;

/// <summary>Faults that outlive the SDK's retries become one typed error; a caller's own cancellation does not.</summary>
public sealed class DynamoDbFaultTests(EventTableFixture table) : IClassFixture<EventTableFixture>
{
    [Fact]
    public async Task Given_a_service_that_always_fails_When_using_the_store_Then_each_operation_throws_EventStoreUnavailable()
    {
        var store = table.NewStore(InterceptingClient.Wrap(table.Client, new FaultInjector(1.0, 0, seed: 1)));
        var stream = NewStream();

        await Assert.ThrowsAsync<EventStoreUnavailableException>(() => store.AppendAsync(stream, ExpectedVersion.NoStream, [Event()]));
        await Assert.ThrowsAsync<EventStoreUnavailableException>(() => store.AppendAsync(stream, ExpectedVersion.NoStream, Commit(2)));
        await Assert.ThrowsAsync<EventStoreUnavailableException>(() => store.LoadAsync(stream, 1));
        await Assert.ThrowsAsync<EventStoreUnavailableException>(() => store.ReadAsync(stream, 0, 10));
        await Assert.ThrowsAsync<EventStoreUnavailableException>(() => store.ListStreamsAsync("adapter", 10));
        await Assert.ThrowsAsync<EventStoreUnavailableException>(() => store.WriteSnapshotAsync(stream, new Snapshot(0, 1, DateTimeOffset.UnixEpoch, "{}")));
        await Assert.ThrowsAsync<EventStoreUnavailableException>(() => table.NewSchedule(
            InterceptingClient.Wrap(table.Client, new FaultInjector(1.0, 0, seed: 1))).FlagAsync(stream, 49));
        Assert.False((await table.NewStore().LoadAsync(stream, 1)).Exists);
    }

    [Fact]
    public async Task Given_a_transaction_cancelled_by_a_concurrent_one_When_appending_Then_it_is_retried_and_commits_once()
    {
        // DynamoDB Local never reports TransactionConflict; AWS does when two transactions touch one item at once.
        var conflictsLeft = 2;
        var tokens = new List<string>();
        var client = InterceptingClient.Wrap(table.Client, new CallbackInterceptor(async (operation, request, send) =>
        {
            if (request is Amazon.DynamoDBv2.Model.TransactWriteItemsRequest transaction)
            {
                tokens.Add(transaction.ClientRequestToken);
                if (conflictsLeft-- > 0)
                {
                    throw new Amazon.DynamoDBv2.Model.TransactionCanceledException("Transaction cancelled")
                    {
                        CancellationReasons = [new() { Code = "TransactionConflict" }, new() { Code = "None" }],
                    };
                }
            }

            return await send();
        }));
        var stream = NewStream();

        var result = await table.NewStore(client).AppendAsync(stream, ExpectedVersion.NoStream, Commit(2));

        Assert.Equal(new AppendResult.Appended(0, 1), result);
        Assert.Equal(3, tokens.Distinct().Count());
        Assert.Equal(2, (await ReadAll(table.NewStore(), stream)).Count);
    }

    [Fact]
    public async Task Given_transaction_conflicts_that_do_not_clear_When_appending_Then_it_is_EventStoreUnavailable_and_nothing_is_written()
    {
        var client = InterceptingClient.Wrap(table.Client, new CallbackInterceptor((operation, request, send) =>
            request is Amazon.DynamoDBv2.Model.TransactWriteItemsRequest
                ? throw new Amazon.DynamoDBv2.Model.TransactionCanceledException("Transaction cancelled")
                {
                    CancellationReasons = [new() { Code = "TransactionConflict" }, new() { Code = "None" }],
                }
                : send()));
        var stream = NewStream();

        await Assert.ThrowsAsync<EventStoreUnavailableException>(() => table.NewStore(client).AppendAsync(stream, ExpectedVersion.NoStream, Commit(2)));

        Assert.False((await table.NewStore().LoadAsync(stream, 1)).Exists);
    }

    [Fact]
    public async Task Given_a_put_rejected_by_a_transaction_in_flight_When_appending_Then_it_is_a_conflict_with_the_real_head()
    {
        // On AWS a PutItem on an item that a transaction is writing fails with TransactionConflictException, which the
        // SDK's standard retries do not retry; DynamoDB Local never raises it. Here the other commit lands meanwhile.
        var stream = NewStream();
        var other = table.NewStore();
        var armed = false;
        var store = table.NewStore(InterceptingClient.Wrap(table.Client, new CallbackInterceptor(async (operation, request, send) =>
        {
            if (armed && request is Amazon.DynamoDBv2.Model.PutItemRequest)
            {
                armed = false;
                Assert.IsType<AppendResult.Appended>(await other.AppendAsync(stream, ExpectedVersion.Exact(0), Commit(2)));
                throw new Amazon.DynamoDBv2.Model.TransactionConflictException("Transaction is ongoing for the item");
            }

            return await send();
        })));
        Assert.Equal(new AppendResult.Appended(0, 0), await store.AppendAsync(stream, ExpectedVersion.NoStream, [Event()]));
        armed = true;

        var result = await store.AppendAsync(stream, ExpectedVersion.Exact(0), [Event()]);

        var conflict = Assert.IsType<AppendResult.Conflict>(result);
        Assert.Equal(ExpectedVersion.Exact(0), conflict.Expected);
        Assert.Equal(2, conflict.ActualVersion);
        Assert.Equal(1, Assert.Single(conflict.CommittedEvents).Version);
        Assert.Equal(2, (await table.NewStore().LoadAsync(stream, 1)).Version);
        Assert.Equal(3, (await ReadAll(table.NewStore(), stream)).Count);
    }

    [Fact]
    public async Task Given_a_put_rejected_by_a_transaction_that_has_not_landed_When_appending_Then_it_is_a_conflict_at_the_head_read()
    {
        var stream = NewStream();
        await table.NewStore().AppendAsync(stream, ExpectedVersion.NoStream, Commit(3));
        var store = table.NewStore(InterceptingClient.Wrap(table.Client, new CallbackInterceptor((operation, request, send) =>
            request is Amazon.DynamoDBv2.Model.PutItemRequest
                ? throw new Amazon.DynamoDBv2.Model.TransactionConflictException("Transaction is ongoing for the item")
                : send())));
        Assert.Equal(2, (await store.LoadAsync(stream, 1)).Version);

        var result = await store.AppendAsync(stream, ExpectedVersion.Exact(2), [Event()]);

        var conflict = Assert.IsType<AppendResult.Conflict>(result);
        Assert.Equal(ExpectedVersion.Exact(2), conflict.Expected);
        Assert.Equal(2, conflict.ActualVersion);
        Assert.Empty(conflict.CommittedEvents);
        Assert.Equal(3, (await ReadAll(table.NewStore(), stream)).Count);
    }

    [Fact]
    public async Task Given_a_transaction_conflict_on_a_put_that_had_in_fact_landed_When_appending_Then_it_is_already_applied()
    {
        var stream = NewStream();
        var store = table.NewStore(InterceptingClient.Wrap(table.Client, new CallbackInterceptor(async (operation, request, send) =>
        {
            var response = await send();
            return request is Amazon.DynamoDBv2.Model.PutItemRequest
                ? throw new Amazon.DynamoDBv2.Model.TransactionConflictException("Transaction is ongoing for the item")
                : response;
        })));

        var result = await store.AppendAsync(stream, ExpectedVersion.NoStream, [Event()]);

        var done = Assert.IsType<AppendResult.AlreadyApplied>(result);
        Assert.Equal((0L, 0L, (long?)0), (done.FirstVersion, done.LastVersion, done.FirstEvent?.Version));
        Assert.Single(await ReadAll(table.NewStore(), stream));
    }

    [Fact]
    public async Task Given_no_server_at_the_endpoint_When_the_SDK_gives_up_Then_the_store_throws_EventStoreUnavailable()
    {
        var port = FreePort();
        using var client = DynamoDbClientFactory.Create(new DynamoDbOptions
        {
            ServiceUrl = $"http://127.0.0.1:{port}",
            MaxErrorRetry = 1,
            RequestTimeout = TimeSpan.FromSeconds(1),
        });
        var store = new DynamoDbEventStore(client, "nowhere", table.Meter);

        var error = await Assert.ThrowsAsync<EventStoreUnavailableException>(() => store.LoadAsync(NewStream(), 1));

        Assert.NotNull(error.InnerException);
    }

    [Fact]
    public async Task Given_the_callers_own_cancellation_When_loading_Then_it_stays_a_cancellation()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => table.NewStore().LoadAsync(NewStream(), 1, cancelled.Token));
    }

    [Fact]
    public void Given_the_options_When_building_the_client_Then_retries_are_standard_and_bounded_with_timeouts()
    {
        using var client = DynamoDbClientFactory.Create(new DynamoDbOptions
        {
            ServiceUrl = "http://127.0.0.1:8000",
            MaxErrorRetry = 3,
            RequestTimeout = TimeSpan.FromSeconds(4),
        });

        Assert.Equal(RequestRetryMode.Standard, client.Config.RetryMode);
        Assert.Equal(3, client.Config.MaxErrorRetry);
        Assert.Equal(TimeSpan.FromSeconds(4), client.Config.Timeout);
    }

    [Theory]
    [InlineData("http://127.0.0.1:8000", true)]
    [InlineData("http://localhost:8000", true)]
    [InlineData("http://[::1]:8000", true)]
    [InlineData("https://dynamodb.eu-west-1.amazonaws.com", false)]
    [InlineData("http://10.0.0.5:8000", false)]
    public void Given_a_service_url_When_choosing_credentials_Then_dummy_ones_are_only_for_loopback(string url, bool loopback) =>
        Assert.Equal(loopback, DynamoDbClientFactory.IsLoopback(url));

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
