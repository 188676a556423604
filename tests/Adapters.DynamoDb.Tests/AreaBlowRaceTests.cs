using Application.Characters;
using Application.Encounters;
using Domain;
using EventSourcing;
using MediatR;
using Microsoft.Extensions.DependencyInjection;

namespace Adapters.DynamoDb.Tests;

/// <summary>The multi-stream command path on DynamoDB Local: area blows racing over overlapping characters.</summary>
public sealed class AreaBlowRaceTests(EventTableFixture table) : IClassFixture<EventTableFixture>
{
    [Fact]
    public async Task Given_16_blows_at_a_barrier_over_overlapping_characters_When_they_race_Then_each_character_lost_the_sum_of_the_blows_that_hit_it()
    {
        await using var provider = ApplicationHost.Build(table, settings: [new("Application:MaxCommandAttempts", "10")]);
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var ids = Enumerable.Range(0, 5).Select(i => $"r{i}-{suffix}").ToList();
        foreach (var id in ids)
        {
            Assert.True((await Send(provider, new CreateCharacter(id, 1000, CharacterId: id))).IsSuccess);
        }

        var encounterId = "race-" + suffix;
        Assert.True((await Send(provider, new StartEncounter("Brawl", ids, EncounterId: encounterId))).IsSuccess);
        var plans = Enumerable.Range(0, 16).Select(i => (Amount: 1 + i, Targets: Enumerable.Range(i, 2 + (i % 2)).Select(t => ids[t % 5]).ToList())).ToList();
        using var barrier = new Barrier(plans.Count);

        var results = await Task.WhenAll(plans.Select(plan => Task.Factory.StartNew(
            () =>
            {
                barrier.SignalAndWait();
                return Send(provider, new DealAreaDamage(encounterId, plan.Amount, DamageType.Force, [.. plan.Targets.Select(t => new AreaTargetInput(t))], "racer"));
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default).Unwrap()));

        var view = (await Send(provider, new GetEncounter(encounterId))).Value;
        Assert.All(results, r => Assert.True(r.IsSuccess || r.Error is ConflictError, r.Error?.Message));
        foreach (var id in ids)
        {
            var applied = plans.Where((p, i) => results[i].IsSuccess && p.Targets.Contains(id)).ToList();
            var hp = view.Combatants.Single(c => c.CombatantId == id).HitPoints!;
            Assert.Equal(1000 - applied.Sum(p => p.Amount), hp.CurrentHitPoints);
            Assert.Equal(applied.Count, hp.Version);
        }

        Assert.Equal(results.Count(r => r.IsSuccess), view.Version);
    }

    private static async Task<TResponse> Send<TResponse>(IServiceProvider provider, IRequest<TResponse> request)
    {
        using var scope = provider.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(request);
    }
}
