using Application.Characters;
using Domain;
using EventSourcing;

namespace Application.Tests;

/// <summary>
/// The idempotency guarantee: a caller's command id is applied at most once within 24 hours or the last N commands,
/// whichever is longer; the same id on another request is refused; the common path reads nothing extra.
/// </summary>
public sealed class IdempotencyTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 30, 20, 0, 0, TimeSpan.Zero);

    // The window and its allowance for writers' clocks, as configured by default.
    private static readonly TimeSpan Window = TimeSpan.FromHours(24) + TimeSpan.FromMinutes(5);

    [Fact]
    public async Task Given_a_key_used_for_damage_When_other_damage_comes_with_it_Then_it_is_refused_and_nothing_is_written()
    {
        using var host = TestHost.InMemory();
        await host.Send(new CreateCharacter("Tordek", 20, CharacterId: "tordek"));
        var key = Guid.NewGuid();
        var first = await host.Send(new DealDamage("tordek", 2, DamageType.Slashing, "goblin", CommandId: key));

        var other = await host.Send(new DealDamage("tordek", 5, DamageType.Slashing, "goblin", CommandId: key));

        var reused = Assert.IsType<IdempotencyKeyReusedError>(other.Error);
        Assert.Equal(("idempotency-key-reused", key, "DealDamage"), (reused.Code, reused.CommandId, reused.OriginalCommand));
        var view = (await host.Send(new GetCharacter("tordek"))).Value;
        Assert.Equal((first.Value.Version, 18), (view.Version, view.CurrentHitPoints));
    }

    [Fact]
    public async Task Given_a_key_used_for_damage_When_healing_comes_with_it_Then_it_is_refused_naming_the_first_command()
    {
        using var host = TestHost.InMemory();
        await host.Send(new CreateCharacter("Tordek", 20, CharacterId: "tordek"));
        var key = Guid.NewGuid();
        await host.Send(new DealDamage("tordek", 2, DamageType.Slashing, CommandId: key));

        var healing = await host.Send(new Heal("tordek", 2, CommandId: key));

        Assert.Equal("DealDamage", Assert.IsType<IdempotencyKeyReusedError>(healing.Error).OriginalCommand);
        Assert.Equal(18, (await host.Send(new GetCharacter("tordek"))).Value.CurrentHitPoints);
    }

    [Fact]
    public async Task Given_a_key_When_the_same_request_comes_again_with_another_correlation_and_pinned_version_Then_the_original_outcome_returns()
    {
        using var host = TestHost.InMemory();
        await host.Send(new CreateCharacter("Tordek", 20, CharacterId: "tordek"));
        var damage = new DealDamage("tordek", 2, DamageType.Slashing, "goblin", CommandId: Guid.NewGuid());
        var first = await host.Send(damage);

        // The envelope (correlation id, If-Match) is not part of the request's fingerprint.
        var again = await host.Send(damage with { CorrelationId = Guid.NewGuid(), ExpectedVersion = 0 });

        Assert.Equal(first.Value, again.Value);
        Assert.Equal(18, (await host.Send(new GetCharacter("tordek"))).Value.CurrentHitPoints);
    }

    [Fact]
    public async Task Given_a_key_When_100_other_commands_follow_and_it_is_retried_Then_it_is_not_applied_twice()
    {
        // The defect as reported: the repeat after 100 other commands used to be applied a second time.
        var store = new CountingStore();
        using var host = TestHost.Counting(store);
        await host.Send(new CreateCharacter("Tordek", 1000, CharacterId: "tordek"));
        var damage = new DealDamage("tordek", 10, DamageType.Slashing, CommandId: Guid.NewGuid());
        var first = await host.Send(damage);
        for (var i = 0; i < 100; i++)
        {
            await host.Send(new GrantTemporaryHitPoints("tordek", 1, CommandId: Guid.NewGuid()));
        }

        var repeat = await host.Send(damage);

        Assert.Equal(first.Value, repeat.Value);
        var view = (await host.Send(new GetCharacter("tordek"))).Value;
        Assert.Equal((101L, 990), (view.Version, view.CurrentHitPoints));
        Assert.Single(await History(store), e => e.Metadata.CommandId == damage.CommandId);
    }

    [Fact]
    public async Task Given_N_is_5_When_a_key_is_retried_just_inside_24_hours_after_10_commands_Then_it_is_recognised()
    {
        var clock = new ManualClock(Start);
        using var host = TestHost.InMemory(o => o.RememberedCommands = 5, clock);
        await host.Send(new CreateCharacter("Tordek", 100, CharacterId: "tordek"));
        var damage = new DealDamage("tordek", 10, DamageType.Slashing, CommandId: Guid.NewGuid());
        await host.Send(damage);
        clock.Advance(TimeSpan.FromHours(1));
        for (var i = 0; i < 10; i++)
        {
            await host.Send(new Heal("tordek", 1));
        }

        clock.Advance(Window - TimeSpan.FromHours(1) - TimeSpan.FromSeconds(1));
        var repeat = await host.Send(damage);

        Assert.Equal(1, repeat.Value.Version);
        Assert.Equal(11, (await host.Send(new GetCharacter("tordek"))).Value.Version);
    }

    [Fact]
    public async Task Given_N_is_5_When_a_key_is_retried_after_the_window_and_10_commands_Then_it_is_a_new_command_as_documented()
    {
        var clock = new ManualClock(Start);
        using var host = TestHost.InMemory(o => o.RememberedCommands = 5, clock);
        await host.Send(new CreateCharacter("Tordek", 100, CharacterId: "tordek"));
        var damage = new DealDamage("tordek", 10, DamageType.Slashing, CommandId: Guid.NewGuid());
        await host.Send(damage);
        clock.Advance(Window + TimeSpan.FromSeconds(1));
        for (var i = 0; i < 10; i++)
        {
            await host.Send(new Heal("tordek", 1));
        }

        var repeat = await host.Send(damage);

        // Outside both sides of the guarantee (older than the window, and more than N commands ago) it is new again.
        Assert.Equal(12, repeat.Value.Version);
    }

    [Fact]
    public async Task Given_the_window_is_over_When_a_key_is_retried_within_the_last_N_commands_Then_it_is_still_recognised()
    {
        var clock = new ManualClock(Start);
        using var host = TestHost.InMemory(o => o.RememberedCommands = 5, clock);
        await host.Send(new CreateCharacter("Tordek", 100, CharacterId: "tordek"));
        var damage = new DealDamage("tordek", 10, DamageType.Slashing, CommandId: Guid.NewGuid());
        await host.Send(damage);
        clock.Advance(TimeSpan.FromDays(30));
        for (var i = 0; i < 4; i++)
        {
            await host.Send(new Heal("tordek", 1));
        }

        var repeat = await host.Send(damage);

        Assert.Equal(1, repeat.Value.Version);
    }

    [Fact]
    public async Task Given_snapshots_When_a_key_is_retried_from_the_snapshot_s_memory_Then_one_read_confirms_it_and_other_input_is_refused()
    {
        var store = new CountingStore();
        using var host = TestHost.Counting(store, o => o.SnapshotInterval = 2);
        await host.Send(new CreateCharacter("Tordek", 100, CharacterId: "tordek"));
        var damage = new DealDamage("tordek", 10, DamageType.Slashing, CommandId: Guid.NewGuid());
        await host.Send(damage);
        for (var i = 0; i < 6; i++)
        {
            await host.Send(new Heal("tordek", 1));
        }

        store.Reset();
        var repeat = await host.Send(damage);
        var readsForRepeat = store.Reads;
        var other = await host.Send(damage with { Parts = [new DamageRoll(11, DamageType.Slashing)] });

        Assert.Equal(1, repeat.Value.Version);
        Assert.Equal(1, readsForRepeat);
        Assert.IsType<IdempotencyKeyReusedError>(other.Error);
        Assert.Equal(7, (await host.Send(new GetCharacter("tordek"))).Value.Version);
    }

    [Fact]
    public async Task Given_more_keyed_commands_in_the_window_than_the_cap_When_an_old_key_is_retried_Then_the_window_is_read_back_and_it_is_recognised()
    {
        var store = new CountingStore();
        using var host = TestHost.Counting(store, o => (o.RememberedCommands, o.MaxRememberedKeyedCommands) = (2, 3));
        await host.Send(new CreateCharacter("Tordek", 100, CharacterId: "tordek"));
        var damage = new DealDamage("tordek", 10, DamageType.Slashing, CommandId: Guid.NewGuid());
        await host.Send(damage);
        for (var i = 0; i < 10; i++)
        {
            await host.Send(new Heal("tordek", 1, CommandId: Guid.NewGuid()));
        }

        store.Reset();
        var repeat = await host.Send(damage);

        Assert.Equal(1, repeat.Value.Version);
        Assert.True(store.Reads >= 1, "the rare path reads the window back");
        Assert.Equal(11, (await host.Send(new GetCharacter("tordek"))).Value.Version);
    }

    [Fact]
    public async Task Given_a_busy_stream_When_new_keyed_and_unkeyed_commands_arrive_Then_the_check_reads_nothing_beyond_the_load()
    {
        var store = new CountingStore();
        using var host = TestHost.Counting(store);
        await host.Send(new CreateCharacter("Tordek", 1000, CharacterId: "tordek"));
        for (var i = 0; i < 150; i++)
        {
            await host.Send(new GrantTemporaryHitPoints("tordek", 1, CommandId: i % 2 == 0 ? Guid.NewGuid() : null));
        }

        store.Reset();
        await host.Send(new DealDamage("tordek", 1, DamageType.Fire, CommandId: Guid.NewGuid()));
        await host.Send(new DealDamage("tordek", 1, DamageType.Fire));

        // Two commands: two loads, two appends, and no read for the idempotency check.
        Assert.Equal((2, 2, 0), (store.Loads, store.Appends, store.Reads));
    }

    [Fact]
    public async Task Given_8_parallel_requests_with_one_key_When_they_race_Then_it_is_applied_once_and_all_get_the_same_outcome()
    {
        using var host = TestHost.InMemory();
        await host.Send(new CreateCharacter("Tordek", 100, CharacterId: "tordek"));
        var damage = new DealDamage("tordek", 3, DamageType.Slashing, CommandId: Guid.NewGuid());
        using var barrier = new Barrier(8);

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Factory.StartNew(
            async () =>
            {
                barrier.SignalAndWait();
                return await host.Send(damage);
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default).Unwrap()));

        Assert.All(results, r => Assert.Equal(new CommandResult("tordek", 1), r.Value));
        Assert.Equal(97, (await host.Send(new GetCharacter("tordek"))).Value.CurrentHitPoints);
    }

    [Fact]
    public async Task Given_a_keyed_creation_When_retried_with_another_name_Then_it_is_refused_and_the_first_character_stands()
    {
        using var host = TestHost.InMemory();
        var key = Guid.NewGuid();
        var created = await host.Send(new CreateCharacter("Tordek", 8, CommandId: key));

        var again = await host.Send(new CreateCharacter("Tordek", 8, CommandId: key));
        var other = await host.Send(new CreateCharacter("Mialee", 8, CommandId: key));

        Assert.Equal(created.Value, again.Value);
        Assert.IsType<IdempotencyKeyReusedError>(other.Error);
        Assert.Equal("Tordek", (await host.Send(new GetCharacter(created.Value.Id))).Value.Name);
    }

    private static async Task<List<EventEnvelope>> History(CountingStore store)
    {
        var events = new List<EventEnvelope>();
        string? token = null;
        do
        {
            var page = await store.ReadAsync(new StreamId("character", "tordek"), 0, 500, token);
            events.AddRange(page.Events);
            token = page.ContinuationToken;
        }
        while (token is not null);

        return events;
    }
}
