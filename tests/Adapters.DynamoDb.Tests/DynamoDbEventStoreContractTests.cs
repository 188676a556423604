using EventSourcing;
using EventStore.Contract;

namespace Adapters.DynamoDb.Tests;

/// <summary>The shared store contract, unchanged, against the real DynamoDB Local.</summary>
public sealed class DynamoDbEventStoreContractTests(EventTableFixture table) : EventStoreContract, IClassFixture<EventTableFixture>
{
    private readonly DynamoDbEventStore _store = table.NewStore();

    protected override IEventStore CreateStore() => _store;

    protected override Task DeleteEventOutOfBandAsync(StreamId stream, long version) =>
        table.Client.DeleteItemAsync(table.TableName, TableSchema.Key(stream.ToString(), version));
}

public sealed class DynamoDbSnapshotScheduleContractTests(EventTableFixture table) : SnapshotScheduleContract, IClassFixture<EventTableFixture>
{
    protected override ISnapshotSchedule CreateSchedule() => table.NewSchedule();

    protected override ISnapshotSchedule CreateSchedule(TimeProvider clock) => table.NewSchedule(clock: clock);
}

/// <summary>The feed contract against the real DynamoDB Local: the KEYS_ONLY "feed" index, leases and rows in the table.</summary>
public sealed class DynamoDbFeedContractTests(EventTableFixture table) : FeedContract, IClassFixture<EventTableFixture>
{
    private readonly DynamoDbEventStore _store = table.NewStore();
    private readonly DynamoDbEventFeed _feed = new(table.Client, table.TableName, table.Meter, DynamoDbOptions.DefaultFeedShards);
    private readonly DynamoDbProjectionStore _projections = new(table.Client, table.TableName, table.Meter);

    protected override IEventStore Store => _store;

    protected override IEventFeed Feed => _feed;

    protected override IProjectionStore Projections => _projections;

    protected override ISubscriptionStore CreateSubscriptions(TimeProvider clock) => new DynamoDbSubscriptionStore(table.Client, table.TableName, table.Meter, clock);
}
