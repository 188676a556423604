using Application.Characters;
using Application.Common;
using EventSourcing;
using Domain;

namespace Application.Tests;

/// <summary>The use cases end to end through MediatR, over the in-memory adapter.</summary>
public sealed class UseCaseTests
{
    [Fact]
    public async Task Given_the_reference_scenario_When_run_Then_the_character_has_3_HP_at_version_2_with_three_events()
    {
        using var host = TestHost.InMemory();

        var created = await host.Send(new CreateCharacter("Tordek", 8, CharacterId: "tordek"));
        var goblin = await host.Send(new DealDamage("tordek", 2, DamageType.Slashing, "goblin"));
        var bugbear = await host.Send(new DealDamage("tordek", 3, DamageType.Bludgeoning, "bugbear"));
        var view = (await host.Send(new GetCharacter("tordek"))).Value;
        var history = (await host.Send(new GetHistory("tordek"))).Value;

        Assert.Equal([0L, 1L, 2L], new[] { created, goblin, bugbear }.Select(r => r.Value.Version));
        Assert.Equal((3, 8, 2L, Condition.Conscious), (view.CurrentHitPoints, view.MaximumHitPoints, view.Version, view.Condition));
        Assert.Equal(["character-created.v2", "damage-taken.v2", "damage-taken.v2"], history.Events.Select(e => e.Type));
        Assert.Equal("3 bludgeoning from bugbear: 3 HP lost", history.Events[2].Description);
        Assert.Null(history.NextCursor);
    }

    [Fact]
    public async Task Given_a_creation_without_an_id_When_retried_with_the_same_command_id_Then_one_character_exists()
    {
        using var host = TestHost.InMemory();
        var commandId = Guid.NewGuid();

        var first = await host.Send(new CreateCharacter("Mialee", 6, CommandId: commandId));
        var repeat = await host.Send(new CreateCharacter("Mialee", 6, CommandId: commandId));
        var list = (await host.Send(new ListCharacters())).Value;

        Assert.Equal(first.Value, repeat.Value);
        Assert.Single(list.Characters);
    }

    [Fact]
    public async Task Given_a_command_id_When_the_command_is_sent_twice_Then_it_is_applied_once_and_the_answer_is_the_same()
    {
        using var host = TestHost.InMemory();
        await host.Send(new CreateCharacter("Tordek", 8, CharacterId: "tordek"));
        var damage = new DealDamage("tordek", 2, DamageType.Slashing, "goblin", CommandId: Guid.NewGuid());

        var first = await host.Send(damage);
        await host.Send(new Heal("tordek", 1));
        var repeat = await host.Send(damage);

        Assert.Equal(first.Value, repeat.Value);
        Assert.Equal(7, (await host.Send(new GetCharacter("tordek"))).Value.CurrentHitPoints);
    }

    [Fact]
    public async Task Given_a_command_id_When_fewer_than_R_commands_follow_it_Then_a_repeat_is_recognised_even_across_snapshots()
    {
        using var host = TestHost.InMemory(o => (o.RememberedCommands, o.SnapshotInterval) = (5, 2));
        await host.Send(new CreateCharacter("Tordek", 100, CharacterId: "tordek"));
        var damage = new DealDamage("tordek", 10, DamageType.Slashing, CommandId: Guid.NewGuid());
        await host.Send(damage);
        for (var i = 0; i < 4; i++)
        {
            await host.Send(new GrantTemporaryHitPoints("tordek", 1));
        }

        var repeat = await host.Send(damage);

        Assert.Equal(1, repeat.Value.Version);
        Assert.Equal(90, (await host.Send(new GetCharacter("tordek"))).Value.CurrentHitPoints);
    }

    [Fact]
    public async Task Given_a_long_stream_When_loading_with_snapshots_Then_the_state_matches_a_full_replay_and_the_load_reads_fewer_than_K_events()
    {
        using var host = TestHost.InMemory(o => o.SnapshotInterval = 10);
        await host.Send(new CreateCharacter("Tordek", 1000, CharacterId: "tordek"));
        for (var i = 0; i < 95; i++)
        {
            var result = i % 3 == 0
                ? await host.Send(new Heal("tordek", 2))
                : await host.Send(new DealDamage("tordek", 3, DamageType.Fire));
            Assert.True(result.IsSuccess);
        }

        var store = host.Get<IEventStore>();
        var loaded = await store.LoadAsync(new StreamId("character", "tordek"), CharacterAggregate.StoredSnapshotSchema);
        var view = (await host.Send(new GetCharacter("tordek"))).Value;

        Assert.Equal(89, loaded.Snapshot?.Version);
        Assert.True(loaded.Events.Count < 10);
        var all = await store.ReadAsync(new StreamId("character", "tordek"), 0, 1000);
        var registry = host.Get<EventSourcing.EventTypeRegistry>();
        var replayed = CharacterHitPoints.Replay(all.Events.Select(e => (CharacterEvent)registry.Decode(e)));
        Assert.Equal(95, view.Version);
        Assert.Equal(replayed.CurrentHitPoints, view.CurrentHitPoints);
        Assert.True(view.CurrentHitPoints < 1000);
    }

    [Fact]
    public async Task Given_a_snapshot_of_an_older_schema_When_loading_Then_it_is_ignored_and_the_state_is_rebuilt_from_events()
    {
        using var host = TestHost.InMemory(o => o.SnapshotInterval = 0);
        await host.Send(new CreateCharacter("Tordek", 8, CharacterId: "tordek"));
        await host.Send(new DealDamage("tordek", 2, DamageType.Slashing));
        var stream = new StreamId("character", "tordek");
        await host.Get<IEventStore>().WriteSnapshotAsync(stream, new Snapshot(1, 0, DateTimeOffset.UnixEpoch, """{"currentHitPoints":999}"""));

        var view = (await host.Send(new GetCharacter("tordek"))).Value;

        Assert.Equal(6, view.CurrentHitPoints);
    }

    [Fact]
    public async Task Given_a_long_history_When_paged_Then_every_event_comes_once_in_order()
    {
        using var host = TestHost.InMemory();
        await host.Send(new CreateCharacter("Tordek", 1000, CharacterId: "tordek"));
        for (var i = 0; i < 24; i++)
        {
            await host.Send(new DealDamage("tordek", 1, DamageType.Cold));
        }

        var versions = new List<long>();
        string? cursor = null;
        do
        {
            var page = (await host.Send(new GetHistory("tordek", cursor, PageSize: 7))).Value;
            versions.AddRange(page.Events.Select(e => e.Version));
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        Assert.Equal(Enumerable.Range(0, 25).Select(i => (long)i), versions);
    }

    [Fact]
    public async Task Given_a_cursor_that_was_not_issued_When_reading_history_Then_it_is_a_validation_error_on_cursor()
    {
        using var host = TestHost.InMemory();
        await host.Send(new CreateCharacter("Tordek", 8, CharacterId: "tordek"));

        var result = await host.Send(new GetHistory("tordek", "bm90IG91cnM"));

        Assert.Equal("cursor", Assert.Single(Assert.IsType<ValidationError>(result.Error).Fields).Field);
    }

    [Fact]
    public async Task Given_characters_When_listed_in_pages_Then_each_comes_once_with_its_name()
    {
        using var host = TestHost.InMemory();
        foreach (var name in new[] { "Tordek", "Mialee", "Jozan", "Lidda", "Regdar" })
        {
            await host.Send(new CreateCharacter(name, 8, CharacterId: name.ToLowerInvariant()));
        }

        var names = new List<string>();
        string? cursor = null;
        do
        {
            var page = (await host.Send(new ListCharacters(cursor, 2))).Value;
            names.AddRange(page.Characters.Select(c => c.Name));
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        Assert.Equal(["Jozan", "Lidda", "Mialee", "Regdar", "Tordek"], names);
    }

    [Fact]
    public async Task Given_a_missing_character_When_queried_Then_it_is_not_found()
    {
        using var host = TestHost.InMemory();

        Assert.IsType<NotFoundError>((await host.Send(new GetCharacter("nobody"))).Error);
        Assert.IsType<NotFoundError>((await host.Send(new GetHistory("nobody"))).Error);
        Assert.IsType<NotFoundError>((await host.Send(new TakeLongRest("nobody"))).Error);
    }

    [Fact]
    public async Task Given_an_existing_character_When_created_again_with_another_command_Then_a_rule_is_broken()
    {
        using var host = TestHost.InMemory();
        await host.Send(new CreateCharacter("Tordek", 8, CharacterId: "tordek"));

        var again = await host.Send(new CreateCharacter("Tordek", 8, CharacterId: "tordek"));

        Assert.Equal("character.already-exists", Assert.IsType<RuleBrokenError>(again.Error).Rule);
    }

    [Fact]
    public async Task Given_a_worker_that_lags_When_commands_go_on_Then_the_next_flag_counts_from_the_snapshot_so_loads_stay_under_K()
    {
        using var host = TestHost.InMemory(o => (o.SnapshotInterval, o.SnapshotOnCommandPath) = (3, false));
        var schedule = host.Get<ISnapshotSchedule>();
        var stream = new StreamId("character", "tordek");
        await host.Send(new CreateCharacter("Tordek", 100, CharacterId: "tordek"));
        for (var i = 0; i < 3; i++)
        {
            await host.Send(new Heal("tordek", 1));
        }

        // The flag was raised at version 2; the worker only gets to it at version 3.
        Assert.Equal(2, Assert.Single(await schedule.ListDueAsync("character", 10)).Version);
        Assert.True((await host.RefreshSnapshot("tordek")).Written);
        await schedule.ClearAsync(stream, 3);
        await host.Send(new Heal("tordek", 1));
        await host.Send(new Heal("tordek", 1));
        var early = await schedule.ListDueAsync("character", 10);
        await host.Send(new Heal("tordek", 1));

        // Versions 4 and 5 are only 1 and 2 past the snapshot at 3; version 6 is 3 past it, so it is flagged.
        Assert.Empty(early);
        Assert.Equal(6, Assert.Single(await schedule.ListDueAsync("character", 10)).Version);
        Assert.True((await host.RefreshSnapshot("tordek")).Written);
        var loaded = await host.Get<IEventStore>().LoadAsync(stream, CharacterAggregate.StoredSnapshotSchema);
        Assert.Equal(6, loaded.Snapshot?.Version);
    }

    [Fact]
    public async Task Given_the_worker_mode_When_a_command_crosses_K_Then_the_stream_is_flagged_and_the_refresher_writes_it()
    {
        using var host = TestHost.InMemory(o => (o.SnapshotInterval, o.SnapshotOnCommandPath) = (3, false));
        await host.Send(new CreateCharacter("Tordek", 8, CharacterId: "tordek"));
        await host.Send(new Heal("tordek", 1));
        await host.Send(new Heal("tordek", 1));
        var schedule = host.Get<ISnapshotSchedule>();
        var due = Assert.Single(await schedule.ListDueAsync("character", 10));

        var refresh = await host.RefreshSnapshot("tordek");
        var loaded = await host.Get<IEventStore>().LoadAsync(due.StreamId, CharacterAggregate.StoredSnapshotSchema);

        Assert.Equal(2, due.Version);
        Assert.Equal(new SnapshotRefresh(new StreamId("character", "tordek"), 2, true), refresh);
        Assert.Equal(2, loaded.Snapshot?.Version);
        Assert.Empty(loaded.Events);
    }
}
