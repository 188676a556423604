using System.Diagnostics;
using Application.Characters;
using Application.Encounters;
using Domain;
using EventSourcing;
using MediatR;
using Microsoft.Extensions.DependencyInjection;

namespace Adapters.DynamoDb.Tests;

/// <summary>
/// §4 of the encounters issue, measured on DynamoDB Local and PRINTED (not asserted against a time): a 4-target area
/// blow written as one atomic commit (TransactWriteItems of 5 Puts: the encounter's event and each target's) against the
/// same 5 events written as 5 single-stream appends (5 PutItems). Requests and WCU are the responses' ConsumedCapacity;
/// AWS's rule for a transaction is 2 WCU per KB per item, which DynamoDB Local does not report.
/// </summary>
public sealed class AreaBlowCostTests(EventTableFixture table, ITestOutputHelper output) : IClassFixture<EventTableFixture>
{
    private const int Rounds = 30;

    [Fact]
    public async Task Given_a_four_target_fireball_When_written_atomically_and_as_five_puts_Then_requests_WCU_and_latency_are_printed()
    {
        await using var provider = ApplicationHost.Build(table);
        var meter = provider.GetRequiredService<DynamoDbCapacityMeter>();
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var ids = Enumerable.Range(0, 4).Select(i => $"c{i}-{suffix}").ToList();
        var encounterId = "cost-" + suffix;
        foreach (var id in ids)
        {
            Assert.True((await Send(provider, new CreateCharacter(id, 1000, CharacterId: id))).IsSuccess);
        }

        Assert.True((await Send(provider, new StartEncounter("Cost", ids, EncounterId: encounterId))).IsSuccess);
        var fireball = new DealAreaDamage(encounterId, 1, DamageType.Fire, [.. ids.Select((id, i) => new AreaTargetInput(id, i % 2 == 0))], "fireball", SaveDc: 15);

        // The whole command, as the API runs it: 5 loads (a GetItem and a Query each), the decision, one transaction.
        var commandTimes = new List<double>();
        var before = (meter.For(Operations.Append), meter.For(Operations.Load));
        for (var i = 0; i < Rounds; i++)
        {
            var watch = Stopwatch.StartNew();
            Assert.True((await Send(provider, fireball)).IsSuccess);
            commandTimes.Add(watch.Elapsed.TotalMilliseconds);
        }

        var commandAppend = meter.For(Operations.Append) - before.Item1;
        var commandLoad = meter.For(Operations.Load) - before.Item2;

        // The writes alone, at the store: the same 5 events (real payloads read back) as one commit, then as 5 puts.
        var store = provider.GetRequiredService<IEventStore>();
        var streams = new List<StreamId> { new("encounter", encounterId) };
        streams.AddRange(ids.Select(id => new StreamId("character", id)));
        var templates = new List<EventData>();
        var heads = new List<long>();
        foreach (var stream in streams)
        {
            var loaded = await store.LoadAsync(stream, 0);
            var last = loaded.Events[^1];
            heads.Add(loaded.Version);
            templates.Add(new EventData(last.EventId, last.Type, last.SchemaVersion, last.Timestamp, last.Payload, last.Metadata));
        }

        var itemBytes = new List<int>();
        foreach (var (stream, head) in streams.Zip(heads))
        {
            itemBytes.Add(ItemSize.Of((await table.Client.GetItemAsync(table.TableName, TableSchema.Key(stream.ToString(), head))).Item));
        }

        var (atomicTimes, putTimes) = (new List<double>(), new List<double>());
        var atomic = default(CapacityTotals);
        var puts = default(CapacityTotals);
        for (var i = 0; i < Rounds; i++)
        {
            var commandId = Guid.NewGuid();
            var commit = streams.Select((s, k) => new StreamAppend(s, ExpectedVersion.Exact(heads[k]), [Fresh(templates[k], commandId)])).ToList();
            var start = meter.For(Operations.Append);
            var watch = Stopwatch.StartNew();
            Assert.IsType<MultiAppendResult.Appended>(await store.AppendAsync(commit));
            atomicTimes.Add(watch.Elapsed.TotalMilliseconds);
            atomic += meter.For(Operations.Append) - start;
            heads = [.. heads.Select(h => h + 1)];

            commandId = Guid.NewGuid();
            start = meter.For(Operations.Append);
            watch.Restart();
            for (var k = 0; k < streams.Count; k++)
            {
                Assert.IsType<AppendResult.Appended>(await store.AppendAsync(streams[k], ExpectedVersion.Exact(heads[k]), [Fresh(templates[k], commandId)]));
            }

            putTimes.Add(watch.Elapsed.TotalMilliseconds);
            puts += meter.For(Operations.Append) - start;
            heads = [.. heads.Select(h => h + 1)];
        }

        // Every event item also writes one entry of the change feed's KEYS_ONLY index (docs/feed.md): 1 WCU per event,
        // billed to the index as a standard write, inside a transaction or not.
        var indexWrites = itemBytes.Count;
        var awsAtomic = itemBytes.Sum(b => 2 * Math.Ceiling(b / 1024.0)) + indexWrites;
        var awsPuts = itemBytes.Sum(b => Math.Ceiling(b / 1024.0)) + indexWrites;
        output.WriteLine($"DynamoDB Local, {Rounds} rounds each; event items {string.Join(", ", itemBytes)} bytes (encounter first)");
        output.WriteLine("| 4-target area blow, written as | requests | WCU reported by DynamoDB Local | WCU on AWS (rule) | latency p50 | p95 |");
        output.WriteLine("| --- | --- | --- | --- | --- | --- |");
        output.WriteLine($"| 1 atomic commit (TransactWriteItems, 5 Puts) | {atomic.Requests / (double)Rounds:0.##} | {atomic.WriteCapacityUnits / Rounds:0.##} | {awsAtomic} (2 WCU per KB per item + 1 per feed index entry) | {P(atomicTimes, 50):0.0} ms | {P(atomicTimes, 95):0.0} ms |");
        output.WriteLine($"| 5 separate single-stream appends (5 PutItems, one after another) | {puts.Requests / (double)Rounds:0.##} | {puts.WriteCapacityUnits / Rounds:0.##} | {awsPuts} (1 WCU per KB per item + 1 per feed index entry) | {P(putTimes, 50):0.0} ms | {P(putTimes, 95):0.0} ms |");
        output.WriteLine($"| the whole DealAreaDamage command (5 loads + 1 commit) | {(commandAppend.Requests + commandLoad.Requests) / (double)Rounds:0.##} ({commandLoad.Requests / (double)Rounds:0.##} load, {commandAppend.Requests / (double)Rounds:0.##} write) | {commandAppend.WriteCapacityUnits / Rounds:0.##} | {awsAtomic} | {P(commandTimes, 50):0.0} ms | {P(commandTimes, 95):0.0} ms |");

        Assert.Equal(Rounds, atomic.Requests);
        Assert.Equal(5 * Rounds, puts.Requests);
        Assert.Equal(Rounds, commandAppend.Requests);
        // DynamoDB Local reports the table write and the feed index write of each PutItem: 2 WCU per event.
        Assert.Equal(10.0 * Rounds, puts.WriteCapacityUnits);
    }

    private static EventData Fresh(EventData template, Guid commandId) =>
        template with { EventId = Guid.CreateVersion7(), Metadata = new EventMetadata(commandId, commandId, commandId, template.Metadata.Fingerprint) };

    private static double P(List<double> values, int percentile)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(percentile / 100.0 * sorted.Count) - 1)];
    }

    private static async Task<TResponse> Send<TResponse>(IServiceProvider provider, IRequest<TResponse> request)
    {
        using var scope = provider.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(request);
    }
}
