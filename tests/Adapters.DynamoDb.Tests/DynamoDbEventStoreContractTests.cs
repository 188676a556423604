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
