using Application.Characters;
using Domain;
using EventSourcing;
using MediatR;
using Microsoft.Extensions.DependencyInjection;

namespace Adapters.DynamoDb.Tests;

/// <summary>
/// What the idempotency guarantee costs on DynamoDB, read from the real responses' consumed capacity: the common path
/// (a new key) against an unkeyed command, a repeat whose id the snapshot holds only as a hash, a repeat from the tail,
/// a reused key, and the rare path where the window is read back.
/// </summary>
public sealed class DynamoDbIdempotencyCostTests(EventTableFixture table, ITestOutputHelper output) : IClassFixture<EventTableFixture>
{
    [Fact]
    public async Task Given_a_character_with_a_snapshot_When_keyed_commands_arrive_Then_only_repeats_read_once_more_and_nothing_is_written_twice()
    {
        await using var provider = ApplicationHost.Build(table, snapshotInterval: 20);
        var meter = provider.GetRequiredService<DynamoDbCapacityMeter>();
        var id = Guid.NewGuid().ToString("N");
        Assert.True((await SendAsync(provider, new CreateCharacter("Tordek", 1000, CharacterId: id, CommandId: Guid.NewGuid()))).IsSuccess);
        var early = new GrantTemporaryHitPoints(id, 1, CommandId: Guid.NewGuid());
        Assert.True((await SendAsync(provider, early)).IsSuccess);
        for (var i = 0; i < 25; i++)
        {
            Assert.True((await SendAsync(provider, new GrantTemporaryHitPoints(id, 1, CommandId: Guid.NewGuid()))).IsSuccess);
        }

        var recent = new GrantTemporaryHitPoints(id, 1, CommandId: Guid.NewGuid());
        Assert.True((await SendAsync(provider, recent)).IsSuccess);

        var unkeyed = await CostAsync(meter, () => SendAsync(provider, new GrantTemporaryHitPoints(id, 1)));
        var keyed = await CostAsync(meter, () => SendAsync(provider, new GrantTemporaryHitPoints(id, 1, CommandId: Guid.NewGuid())));
        var repeatFromSnapshot = await CostAsync(meter, () => SendAsync(provider, early));
        var repeatFromTail = await CostAsync(meter, () => SendAsync(provider, recent));
        var reused = await CostAsync(meter, () => SendAsync(provider, early with { Amount = 2 }));

        output.WriteLine("| command (snapshot every 20 events, a stream of 28) | outcome | requests | RCU | WCU |");
        output.WriteLine("| --- | --- | --- | --- | --- |");
        output.WriteLine(Row("unkeyed command", unkeyed));
        output.WriteLine(Row("keyed command, new key (the common path)", keyed));
        output.WriteLine(Row("repeat of a key the snapshot holds as a hash", repeatFromSnapshot));
        output.WriteLine(Row("repeat of a key in the tail", repeatFromTail));
        output.WriteLine(Row("key reused for another request", reused));

        // 2 WCU: the event item (1) and its change feed index entry (1, issue 11); it was 1 before the feed.
        Assert.Equal((3, 2.0), (unkeyed.Cost.Requests, unkeyed.Cost.WriteCapacityUnits));
        Assert.Equal((unkeyed.Cost.Requests, unkeyed.Cost.WriteCapacityUnits), (keyed.Cost.Requests, keyed.Cost.WriteCapacityUnits));
        Assert.Equal((3L, 0.0), (repeatFromSnapshot.Cost.Requests, repeatFromSnapshot.Cost.WriteCapacityUnits));
        Assert.Equal((2L, 0.0), (repeatFromTail.Cost.Requests, repeatFromTail.Cost.WriteCapacityUnits));
        Assert.Equal((3L, 0.0), (reused.Cost.Requests, reused.Cost.WriteCapacityUnits));
        Assert.IsType<IdempotencyKeyReusedError>(reused.Result.Error);
    }

    [Fact]
    public async Task Given_more_keyed_commands_in_the_window_than_the_cap_When_a_new_key_arrives_Then_the_window_is_read_back_and_measured()
    {
        await using var provider = ApplicationHost.Build(
            table, null, 20, new("Application:RememberedCommands", "20"), new("Application:MaxRememberedKeyedCommands", "0"));
        var meter = provider.GetRequiredService<DynamoDbCapacityMeter>();
        var id = Guid.NewGuid().ToString("N");
        var first = new CreateCharacter("Tordek", 1000, CharacterId: id, CommandId: Guid.NewGuid());
        Assert.True((await SendAsync(provider, first)).IsSuccess);
        for (var i = 0; i < 220; i++)
        {
            Assert.True((await SendAsync(provider, new GrantTemporaryHitPoints(id, 1, CommandId: Guid.NewGuid()))).IsSuccess);
        }

        var fresh = await CostAsync(meter, () => SendAsync(provider, new GrantTemporaryHitPoints(id, 1, CommandId: Guid.NewGuid())));
        var repeat = await CostAsync(meter, () => SendAsync(provider, first));

        output.WriteLine("| rare path: N = 20, cap 0, 221 keyed commands inside 24 h | outcome | requests | RCU | WCU |");
        output.WriteLine("| --- | --- | --- | --- | --- |");
        output.WriteLine(Row("new key: the window is read back, then appended", fresh));
        output.WriteLine(Row("repeat of the first command: found by the read back", repeat));

        // 201 events below the last 20 commands: three pages of at most 100, then the load (2) and the append (1).
        Assert.Equal(2 + 3 + 1, fresh.Cost.Requests);
        Assert.Equal(2.0, fresh.Cost.WriteCapacityUnits); // the event and its feed index entry
        Assert.Equal(0.0, repeat.Cost.WriteCapacityUnits);
        Assert.Equal(0, repeat.Result.Value.Version);
    }

    private static string Row(string what, (Result<CommandResult> Result, CapacityTotals Cost) measured) =>
        $"| {what} | {(measured.Result.IsSuccess ? $"version {measured.Result.Value.Version}" : measured.Result.Error!.Code)} | {measured.Cost.Requests} | {measured.Cost.ReadCapacityUnits} | {measured.Cost.WriteCapacityUnits} |";

    private static async Task<(Result<CommandResult> Result, CapacityTotals Cost)> CostAsync(DynamoDbCapacityMeter meter, Func<Task<Result<CommandResult>>> send)
    {
        var before = Total(meter);
        var result = await send();
        return (result, Total(meter) - before);
    }

    private static CapacityTotals Total(DynamoDbCapacityMeter meter) =>
        meter.Snapshot().Values.Aggregate(default(CapacityTotals), (sum, t) => sum + t);

    private static async Task<Result<CommandResult>> SendAsync(IServiceProvider provider, IRequest<Result<CommandResult>> command)
    {
        using var scope = provider.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(command);
    }
}
