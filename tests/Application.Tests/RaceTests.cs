using Application.Characters;
using EventSourcing;
using Domain;

namespace Application.Tests;

/// <summary>Sixteen writers on one character: nothing lost, nothing doubled, versions contiguous.</summary>
public sealed class RaceTests
{
    [Fact]
    public async Task Given_16_writers_with_200_damage_commands_each_When_they_race_Then_every_command_lands_once_and_the_hit_points_add_up()
    {
        const int writers = 16;
        const int perWriter = 200;
        // Count-only memory (no time window): 3,200 keyed commands inside a minute would otherwise pass the memory's
        // cap and make every command read the window back, which is what IdempotencyTests covers; this test is about the race.
        using var host = TestHost.InMemory(o => (o.IdempotencyWindow, o.ClockSkewAllowance) = (TimeSpan.Zero, TimeSpan.Zero));
        await host.Send(new CreateCharacter("Tordek", 1000, CharacterId: "tordek"));
        await host.Send(new GrantTemporaryHitPoints("tordek", 10_000));
        var commands = Enumerable.Range(0, writers)
            .Select(w => Enumerable.Range(0, perWriter).Select(i => new DealDamage("tordek", 1 + ((w + i) % 3), DamageType.Slashing, CommandId: Guid.NewGuid())).ToList())
            .ToList();
        using var barrier = new Barrier(writers);

        var racers = commands.Select(batch => Task.Factory.StartNew(
            async () =>
            {
                barrier.SignalAndWait();
                foreach (var command in batch)
                {
                    var result = await host.Send(command);
                    Assert.True(result.IsSuccess, result.Error?.Message);
                }
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default).Unwrap());
        await Task.WhenAll(racers);

        var store = host.Get<IEventStore>();
        var events = new List<EventEnvelope>();
        string? token = null;
        do
        {
            var page = await store.ReadAsync(new StreamId("character", "tordek"), 0, 1000, token);
            events.AddRange(page.Events);
            token = page.ContinuationToken;
        }
        while (token is not null);

        var sent = commands.SelectMany(c => c).ToList();
        var damageEvents = events.Skip(2).ToList();
        Assert.Equal(Enumerable.Range(0, events.Count).Select(i => (long)i), events.Select(e => e.Version));
        Assert.Equal(sent.Count, damageEvents.Count);
        Assert.Equal(sent.Select(c => c.CommandId!.Value).Order(), damageEvents.Select(e => e.Metadata.CommandId).Order());
        var view = (await host.Send(new GetCharacter("tordek"))).Value;
        Assert.Equal(1000 + 10_000 - sent.Sum(c => c.Parts.Sum(p => p.Amount)), view.CurrentHitPoints + view.TemporaryHitPoints);
    }
}
