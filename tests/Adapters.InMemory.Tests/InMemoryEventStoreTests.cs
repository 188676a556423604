using Adapters.InMemory;
using EventSourcing;
using EventStore.Contract;

namespace Adapters.InMemory.Tests;

/// <summary>The shared store contract, run against the in-memory adapter.</summary>
public sealed class InMemoryEventStoreTests : EventStoreContract
{
    private readonly InMemoryEventStore _store = new();

    protected override IEventStore CreateStore() => _store;

    protected override Task DeleteEventOutOfBandAsync(StreamId stream, long version)
    {
        _store.DeleteEventOutOfBand(stream, version);
        return Task.CompletedTask;
    }
}

public sealed class InMemorySnapshotScheduleTests : SnapshotScheduleContract
{
    protected override ISnapshotSchedule CreateSchedule() => new InMemorySnapshotSchedule();

    protected override ISnapshotSchedule CreateSchedule(TimeProvider clock) => new InMemorySnapshotSchedule(clock);
}

public sealed class InMemoryFeedTests : FeedContract
{
    private readonly InMemoryEventStore _store = new();
    private readonly InMemoryProjectionStore _projections = new();

    protected override IEventStore Store => _store;

    protected override IEventFeed Feed => _store;

    protected override IProjectionStore Projections => _projections;

    protected override ISubscriptionStore CreateSubscriptions(TimeProvider clock) => new InMemorySubscriptionStore(clock);
}
