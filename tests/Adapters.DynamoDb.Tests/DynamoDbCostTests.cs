using Application.Characters;
using Application.Events;
using EventSourcing;
using Domain;
using MediatR;
using Microsoft.Extensions.DependencyInjection;

namespace Adapters.DynamoDb.Tests;

/// <summary>
/// What a command costs on a short and on a long stream, read from the ConsumedCapacity of the real responses.
/// With the snapshot policy on, a load reads the snapshot plus at most K-1 events, whatever the stream's length,
/// and an append writes only the new event.
/// </summary>
public sealed class DynamoDbCostTests(EventTableFixture table, ITestOutputHelper output) : IClassFixture<EventTableFixture>
{
    private static readonly int SnapshotInterval = new EventSourcing.EventSourcingOptions().SnapshotInterval;
    private static readonly int SnapshotSchemaVersion = Application.Characters.CharacterAggregate.StoredSnapshotSchema;

    [Fact]
    public async Task Given_streams_of_10_and_5000_events_with_snapshots_When_loading_and_appending_Then_the_long_stream_costs_no_more()
    {
        await using var provider = ApplicationHost.Build(table, snapshotInterval: SnapshotInterval);
        var meter = provider.GetRequiredService<DynamoDbCapacityMeter>();
        var shortId = await SeedAsync(provider, 10);
        var longId = await SeedAsync(provider, 5_000);

        var shortCost = await MeasureAsync(provider, meter, shortId);
        var longCost = await MeasureAsync(provider, meter, longId);

        var snapshotItem = (await table.Client.GetItemAsync(table.TableName, TableSchema.Key(StreamOf(longId).ToString(), TableSchema.SnapshotSk))).Item;
        Assert.NotNull(snapshotItem);
        var snapshotBytes = ItemSize.Of(snapshotItem);
        var snapshotRcu = Math.Ceiling(snapshotBytes / 4096.0);
        var store = provider.GetRequiredService<IEventStore>();
        var before = meter.For(Operations.Load);
        var everything = await store.LoadAsync(StreamOf(longId), snapshotSchemaVersion: 999);
        var withoutSnapshot = meter.For(Operations.Load) - before;

        var eventItem = (await table.Client.GetItemAsync(table.TableName, TableSchema.Key(StreamOf(longId).ToString(), 1))).Item;
        output.WriteLine($"snapshot every {SnapshotInterval} events; the long stream's snapshot item is {snapshotBytes:N0} bytes ({snapshotRcu} RCU to read); a damage event item is {ItemSize.Of(eventItem):N0} bytes");
        output.WriteLine("| events | load: requests | load: RCU | command (load + append): requests | append: WCU |");
        output.WriteLine("| --- | --- | --- | --- | --- |");
        output.WriteLine(Row(10, shortCost));
        output.WriteLine(Row(5_000, longCost));
        output.WriteLine($"for comparison, loading all {everything.Events.Count:N0} events without the snapshot: {withoutSnapshot.Requests} requests, {withoutSnapshot.ReadCapacityUnits} RCU");

        Assert.Equal(5_001, everything.Events.Count);
        Assert.True(longCost.Load.ReadCapacityUnits <= shortCost.Load.ReadCapacityUnits + snapshotRcu,
            $"Loading 5,000 events cost {longCost.Load.ReadCapacityUnits} RCU, 10 events {shortCost.Load.ReadCapacityUnits} RCU.");
        Assert.Equal(2, longCost.Load.Requests);
        Assert.Equal(shortCost.Append.WriteCapacityUnits, longCost.Append.WriteCapacityUnits);
        Assert.Equal(1, longCost.Append.Requests);
        Assert.Equal(1, shortCost.Append.Requests);
        // The event item (1 WCU) plus its change feed index entry (1 WCU, issue 11); 1 WCU before the feed.
        Assert.True(shortCost.Append.WriteCapacityUnits is > 0 and <= 2, $"One small event cost {shortCost.Append.WriteCapacityUnits} WCU.");
        Assert.True(withoutSnapshot.ReadCapacityUnits > 10 * longCost.Load.ReadCapacityUnits);
    }

    [Fact]
    public async Task Given_each_append_path_When_measuring_Then_a_single_put_costs_one_WCU_and_a_transaction_twice_its_items()
    {
        var meter = table.NewMeter();
        var warm = table.NewStore(meter: meter);
        var stream = TestEvents.NewStream();
        await warm.AppendAsync(stream, ExpectedVersion.NoStream, [TestEvents.Event()]);

        var put = await CostAsync(() => warm.AppendAsync(stream, ExpectedVersion.Exact(0), [TestEvents.Event()]));
        var multi = await CostAsync(() => warm.AppendAsync(stream, ExpectedVersion.Exact(1), TestEvents.Commit(2)));
        var cold = await CostAsync(() => table.NewStore(meter: meter).AppendAsync(stream, ExpectedVersion.Exact(3), [TestEvents.Event()]));
        var conflict = await CostAsync(() => warm.AppendAsync(stream, ExpectedVersion.Exact(0), [TestEvents.Event()]));
        await warm.LoadAsync(stream, 1); // as the application does: it snapshots what it just loaded or wrote
        var snapshotBefore = meter.For(Operations.Snapshot);
        await warm.WriteSnapshotAsync(stream, new Snapshot(4, 1, DateTimeOffset.UnixEpoch, new string('s', 9_000)));
        var snapshot = meter.For(Operations.Snapshot) - snapshotBefore;

        output.WriteLine("| append path | requests | WCU | RCU |");
        output.WriteLine("| --- | --- | --- | --- |");
        output.WriteLine($"| one event, version seen by this process (PutItem) | {put.Requests} | {put.WriteCapacityUnits} | {put.ReadCapacityUnits} |");
        output.WriteLine($"| two events (TransactWriteItems) | {multi.Requests} | {multi.WriteCapacityUnits} | {multi.ReadCapacityUnits} |");
        output.WriteLine($"| one event, version never seen (TransactWriteItems + ConditionCheck) | {cold.Requests} | {cold.WriteCapacityUnits} | {cold.ReadCapacityUnits} |");
        output.WriteLine($"| conflict (PutItem rejected, winner returned) | {conflict.Requests} | {conflict.WriteCapacityUnits} (not reported) | {conflict.ReadCapacityUnits} |");
        output.WriteLine($"| snapshot of about 9 KB (PutItem; written once every K events) | {snapshot.Requests} | {snapshot.WriteCapacityUnits} | {snapshot.ReadCapacityUnits} |");

        Assert.Equal((1, 2.0), (put.Requests, put.WriteCapacityUnits)); // the item and its feed index entry (issue 11)
        // DynamoDB Local's transaction figure for two events: 4 WCU before the feed, 8 with each event's feed index entry.
        Assert.Equal((1, 8.0), (multi.Requests, multi.WriteCapacityUnits));
        Assert.Equal(1, cold.Requests);
        Assert.True(cold.WriteCapacityUnits >= 2);
        Assert.Equal(1, conflict.Requests);
        Assert.Equal(1, snapshot.Requests);
        Assert.True(snapshot.WriteCapacityUnits <= 10, $"A 9 KB snapshot cost {snapshot.WriteCapacityUnits} WCU.");

        async Task<CapacityTotals> CostAsync(Func<Task<AppendResult>> append)
        {
            var before = meter.For(Operations.Append);
            await append();
            return meter.For(Operations.Append) - before;
        }
    }

    private static string Row(int events, Cost cost) =>
        $"| {events:N0} | {cost.Load.Requests} | {cost.Load.ReadCapacityUnits} | {cost.Command.Requests} | {cost.Append.WriteCapacityUnits} |";

    private static StreamId StreamOf(string characterId) => new(CharacterEventTypes.Category, characterId);

    /// <summary>A load (GetCharacter), then one command (DealDamage: a load and an append of one event).</summary>
    private static async Task<Cost> MeasureAsync(IServiceProvider provider, DynamoDbCapacityMeter meter, string characterId)
    {
        using var scope = provider.CreateScope();
        var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();

        var loadBefore = meter.For(Operations.Load);
        Assert.True((await mediator.Send(new GetCharacter(characterId))).IsSuccess);
        var load = meter.For(Operations.Load) - loadBefore;

        var before = Total(meter);
        var appendBefore = meter.For(Operations.Append);
        Assert.True((await mediator.Send(new DealDamage(characterId, 1, DamageType.Fire, "imp"))).IsSuccess);
        return new Cost(load, meter.For(Operations.Append) - appendBefore, Total(meter) - before);
    }

    private static CapacityTotals Total(DynamoDbCapacityMeter meter) =>
        meter.Snapshot().Values.Aggregate(default(CapacityTotals), (sum, t) => sum + t);

    /// <summary>Real character events (created, then damage and healing in turn), bulk-written, then the policy's snapshot.</summary>
    private static async Task<string> SeedAsync(IServiceProvider provider, int count)
    {
        var registry = CharacterEventTypes.CreateRegistry();
        var at = new DateTimeOffset(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);
        var state = CharacterHitPoints.Initial;
        var events = new List<EventData>(count);
        for (var i = 0; i < count; i++)
        {
            var decision = i == 0
                ? CharacterHitPoints.Create(state, "Seeded", 1000)
                : i % 2 == 1 ? state.TakeDamage(3, DamageType.Slashing, "goblin", "seeded") : state.Heal(3);
            var e = Assert.Single(decision.Events);
            state = CharacterHitPoints.Evolve(state, e);
            var commandId = Guid.NewGuid();
            events.Add(registry.Encode(e, Guid.CreateVersion7(at), at.AddSeconds(i), new EventMetadata(commandId, commandId, commandId, CommandFingerprint.Unkeyed)));
        }

        var characterId = Guid.NewGuid().ToString("N");
        await provider.GetRequiredService<DynamoDbBulkLoader>().ImportAsync(StreamOf(characterId), events);

        // What the worker's snapshot job does for a stream K or more events past its last snapshot.
        using var scope = provider.CreateScope();
        var refresh = await scope.ServiceProvider.GetServices<ISnapshotRefresher>().Single(r => r.Category == "character").RefreshAsync(characterId);
        Assert.Equal(count >= SnapshotInterval, refresh.Written);
        return characterId;
    }

    private sealed record Cost(CapacityTotals Load, CapacityTotals Append, CapacityTotals Command);
}
