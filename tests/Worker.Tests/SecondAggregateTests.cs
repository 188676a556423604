using Adapters.InMemory;
using EventSourcing;
using Hosting.Snapshots;
using Microsoft.Extensions.DependencyInjection;

namespace Worker.Tests;

/// <summary>
/// A second aggregate, known only to this test, registered with one call: the generic command path runs it and the
/// snapshot job serves its category next to the characters', with no change to any generic code.
/// </summary>
public sealed class SecondAggregateTests
{
    [Fact]
    public async Task Given_a_test_only_aggregate_When_its_streams_cross_K_Then_the_job_snapshots_them_like_characters()
    {
        var (store, schedule) = WorkerRig.NewDatabase();
        await using var rig = new WorkerRig(store, schedule, configure: s => s.AddAggregate(Lantern.Definition));
        await rig.SeedAsync(characters: 1, hits: 5);
        await using (var scope = rig.Services.CreateAsyncScope())
        {
            var lanterns = scope.ServiceProvider.GetRequiredService<CommandService<Lantern, LanternEvent>>();
            for (var i = 0; i < 2 * WorkerRig.SnapshotInterval; i++)
            {
                var result = await lanterns.HandleAsync(new Refill("hall", 1), "Refill", Lantern.Refill);
                Assert.True(result.IsSuccess, result.Error?.Message);
            }
        }

        Assert.Equal((2 * WorkerRig.SnapshotInterval) - 1, Assert.Single(await schedule.ListDueAsync(Lantern.Category, 10)).Version);

        var batch = await rig.Job.RunOnceAsync(CancellationToken.None);

        Assert.Equal(new SnapshotBatch(Listed: 2, Cleared: 2, Written: 2, Dropped: 0, Failed: 0, Stopped: false), batch);
        Assert.Empty(await schedule.ListDueAsync(Lantern.Category, 10));
        var loaded = await store.LoadAsync(new StreamId(Lantern.Category, "hall"), AggregateSnapshots.SchemaOf(Lantern.Definition.Snapshots));
        Assert.Equal((2 * WorkerRig.SnapshotInterval) - 1, loaded.Snapshot?.Version);
        await using var read = rig.Services.CreateAsyncScope();
        var hall = await read.ServiceProvider.GetRequiredService<AggregateStreams<Lantern, LanternEvent>>().LoadAsync("hall");
        Assert.Equal(2 * WorkerRig.SnapshotInterval, hall.State.Oil);
    }

    [Fact]
    public void Given_two_aggregates_under_one_category_When_registering_Then_it_is_refused()
    {
        var services = new ServiceCollection().AddAggregate(Lantern.Definition);
        var twin = new AggregateDefinition<Lantern, OilAdded>(Lantern.Category, new Lantern(0), (s, e) => s, SnapshotCodec.Json<Lantern>(2), _ => { });

        Assert.Throws<InvalidOperationException>(() => services.AddAggregate(twin));
    }

    [Fact]
    public void Given_the_job_and_in_memory_store_When_no_aggregate_but_characters_is_registered_Then_the_job_lists_one_category()
    {
        var services = new ServiceCollection().AddLogging().AddInMemoryEventStore().AddAggregate(Lantern.Definition);
        using var provider = services.BuildServiceProvider();
        using var scope = provider.CreateScope();

        Assert.Equal(["lantern"], scope.ServiceProvider.GetServices<ISnapshotRefresher>().Select(r => r.Category));
    }
}

public abstract record LanternEvent;

public sealed record OilAdded(int Amount) : LanternEvent;

public sealed record Refill(string Id, int Amount) : IAggregateCommand
{
    string IAggregateCommand.AggregateId => Id;

    public Guid? CommandId => null;

    public long? ExpectedVersion => null;

    public Guid? CorrelationId => null;
}

/// <summary>A lantern's oil: the smallest aggregate there is.</summary>
public sealed record Lantern(int Oil)
{
    public const string Category = "lantern";

    public static AggregateDefinition<Lantern, LanternEvent> Definition { get; } = new(
        Category,
        new Lantern(0),
        Evolve,
        SnapshotCodec.Json<Lantern>(1),
        registry => registry.Bind<OilAdded>("oil-added"));

    public static Lantern Evolve(Lantern state, LanternEvent @event) => @event switch
    {
        OilAdded e => state with { Oil = state.Oil + e.Amount },
        _ => state,
    };

    public static CommandDecision<LanternEvent> Refill(Lantern state) => CommandDecision.Accept<LanternEvent>([new OilAdded(1)]);
}
