using Application.Characters;
using Application.Encounters;
using Domain;
using EventSourcing;

namespace Application.Tests;

/// <summary>The encounter use cases on the in-memory store: turns, and blows that hit many, all or nothing.</summary>
public sealed class EncounterUseCaseTests : IDisposable
{
    private readonly CountingStore _store = new();
    private readonly TestHost _host;

    public EncounterUseCaseTests() => _host = TestHost.Counting(_store, o => o.MaxConflictBackoff = TimeSpan.Zero);

    public void Dispose() => _host.Dispose();

    private async Task<string> Character(string name, int hp, DamageType[]? resist = null) =>
        (await _host.Send(new CreateCharacter(name, hp, Resistances: resist, CharacterId: name.ToLowerInvariant()))).Value.Id;

    private async Task<string> Ambush()
    {
        await Character("Tordek", 12);
        await Character("Mialee", 8, [DamageType.Fire]);
        var started = await _host.Send(new StartEncounter("Goblin ambush", ["tordek", "mialee"], ["goblin boss"], EncounterId: "ambush"));
        Assert.True(started.IsSuccess, started.Error?.Message);
        return "ambush";
    }

    private Task<Result<EncounterBlowResult>> Fireball(int amount, Guid? commandId = null, long? expected = null, params AreaTargetInput[] targets) =>
        _host.Send(new DealAreaDamage("ambush", amount, DamageType.Fire, targets, "fireball", SaveDc: 15, CommandId: commandId, ExpectedVersion: expected));

    private async Task<CombatantHitPoints> HitPoints(string id) =>
        (await _host.Send(new GetEncounter("ambush"))).Value.Combatants.Single(c => c.CombatantId == id).HitPoints!;

    [Fact]
    public async Task Given_the_goblin_ambush_When_a_fireball_hits_both_Then_each_takes_its_own_damage_after_its_save_and_resistance()
    {
        // SRD 5.1 Fireball: half damage on a successful save; Damage Resistance: applied "after all other modifiers".
        await Ambush();

        var blow = await Fireball(10, null, null, new AreaTargetInput("tordek", false), new AreaTargetInput("mialee", true));

        Assert.True(blow.IsSuccess, blow.Error?.Message);
        Assert.Equal(1, blow.Value.Version);
        Assert.Equal([("tordek", 1L), ("mialee", 1L)], blow.Value.Targets.Select(t => (t.CharacterId, t.Version)));
        Assert.Equal(2, (await HitPoints("tordek")).CurrentHitPoints);
        Assert.Equal(6, (await HitPoints("mialee")).CurrentHitPoints); // 10 -> 5 on the save -> 2 by the ring
    }

    [Fact]
    public async Task Given_one_target_that_a_rule_refuses_When_a_blow_hits_all_Then_nothing_is_written_anywhere()
    {
        await Ambush();
        await _host.Send(new DealDamage("mialee", 30, DamageType.Necrotic)); // massive damage: Mialee is dead
        var before = await _host.Send(new GetEncounter("ambush"));

        var blow = await Fireball(10, null, null, new AreaTargetInput("tordek", false), new AreaTargetInput("mialee", false));

        var error = Assert.IsType<RuleBrokenError>(blow.Error);
        Assert.Equal("character.dead", error.Rule);
        Assert.Contains("Mialee", error.Detail, StringComparison.Ordinal);
        var after = await _host.Send(new GetEncounter("ambush"));
        Assert.Equal(before.Value.Version, after.Value.Version);
        Assert.Equal(12, (await HitPoints("tordek")).CurrentHitPoints);
    }

    [Fact]
    public async Task Given_a_blow_When_retried_with_the_same_key_Then_nothing_is_applied_again_anywhere()
    {
        await Ambush();
        var key = Guid.NewGuid();

        var first = await Fireball(4, key, null, new AreaTargetInput("tordek", false), new AreaTargetInput("mialee", false));
        var again = await Fireball(4, key, null, new AreaTargetInput("tordek", false), new AreaTargetInput("mialee", false));
        var reused = await Fireball(5, key, null, new AreaTargetInput("tordek", false), new AreaTargetInput("mialee", false));

        Assert.Equal(first.Value.Version, again.Value.Version);
        Assert.Equal(first.Value.Targets, again.Value.Targets);
        Assert.Equal(8, (await HitPoints("tordek")).CurrentHitPoints);
        Assert.Equal(6, (await HitPoints("mialee")).CurrentHitPoints);
        Assert.Equal(nameof(DealAreaDamage), Assert.IsType<IdempotencyKeyReusedError>(reused.Error).OriginalCommand);
        Assert.Equal(1, (await _host.Send(new GetEncounter("ambush"))).Value.Version);
    }

    [Fact]
    public async Task Given_a_stale_encounter_version_When_a_blow_is_pinned_to_it_Then_a_conflict_names_the_encounter_and_nothing_is_written()
    {
        await Ambush();
        Assert.True((await _host.Send(new RecordInitiative("ambush", [new("tordek", 12)]))).IsSuccess);

        var blow = await Fireball(4, null, 0, new AreaTargetInput("tordek", false));

        var conflict = Assert.IsType<ConflictError>(blow.Error);
        Assert.Equal((0L, 1L, new StreamId("encounter", "ambush")), (conflict.ExpectedVersion, conflict.ActualVersion, conflict.Stream!.Value));
        Assert.Equal(12, (await HitPoints("tordek")).CurrentHitPoints);
    }

    [Fact]
    public async Task Given_a_creature_or_a_stranger_When_targeted_Then_refused_and_nothing_is_written()
    {
        await Ambush();
        await Character("Jozan", 10);

        Assert.Equal("encounter.not-a-character", ((RuleBrokenError)(await Fireball(4, null, null, new AreaTargetInput("goblin-boss", false))).Error!).Rule);
        Assert.Equal("encounter.not-a-combatant", ((RuleBrokenError)(await Fireball(4, null, null, new AreaTargetInput("jozan", false))).Error!).Rule);
        Assert.IsType<NotFoundError>((await _host.Send(new DealAreaDamage("nowhere", 4, DamageType.Fire, [new("tordek")], "fireball"))).Error);
        Assert.Equal(0, (await _host.Send(new GetEncounter("ambush"))).Value.Version);
    }

    [Fact]
    public async Task Given_wounded_characters_When_mass_healing_reaches_them_Then_each_heals_under_its_own_cap_in_one_commit()
    {
        await Ambush();
        await Fireball(10, null, null, new AreaTargetInput("tordek", false), new AreaTargetInput("mialee", false)); // Tordek 2, Mialee 3 (resisted 5)

        var healed = await _host.Send(new CastMassHealing("ambush", [new("tordek", 7), new("mialee", 7)], "mass cure wounds"));

        Assert.True(healed.IsSuccess, healed.Error?.Message);
        Assert.Equal(9, (await HitPoints("tordek")).CurrentHitPoints);
        Assert.Equal(8, (await HitPoints("mialee")).CurrentHitPoints);
    }

    [Fact]
    public async Task Given_an_encounter_When_read_Then_it_shows_the_initiative_order_the_turn_and_each_characters_own_hit_points()
    {
        await Ambush();
        await _host.Send(new RecordInitiative("ambush", [new("tordek", 12), new("mialee", 12, 15), new("goblin-boss", 14)]));
        await _host.Send(new NextTurn("ambush"));
        await _host.Send(new NextTurn("ambush"));
        await _host.Send(new DealDamage("tordek", 3, DamageType.Slashing, "goblin boss"));

        var view = (await _host.Send(new GetEncounter("ambush"))).Value;

        Assert.Equal(["goblin-boss", "mialee", "tordek"], view.Combatants.Select(c => c.CombatantId));
        Assert.Equal((1, "mialee"), (view.Round, view.CurrentCombatantId));
        Assert.Null(view.Combatants[0].HitPoints);
        Assert.Equal((9, 12, Condition.Conscious, 1L), (view.Combatants[2].HitPoints!.CurrentHitPoints, view.Combatants[2].HitPoints!.MaximumHitPoints, view.Combatants[2].HitPoints!.Condition, view.Combatants[2].HitPoints!.Version));
    }

    [Fact]
    public async Task Given_an_unknown_character_When_an_encounter_starts_or_one_joins_Then_not_found_and_nothing_is_written()
    {
        await Ambush();

        Assert.Equal("character", Assert.IsType<NotFoundError>((await _host.Send(new StartEncounter("x", ["nobody"]))).Error).Resource);
        Assert.Equal("character", Assert.IsType<NotFoundError>((await _host.Send(new AddCombatant("ambush", CharacterId: "nobody"))).Error).Resource);
        Assert.IsType<ValidationError>((await _host.Send(new AddCombatant("ambush", CharacterId: "tordek", CreatureName: "wolf"))).Error);
        Assert.IsType<ValidationError>((await _host.Send(new DealAreaDamage("ambush", 0, DamageType.Fire, [new("tordek"), new("tordek")], "fireball"))).Error);
    }

    [Fact]
    public async Task Given_16_blows_at_a_barrier_over_overlapping_characters_When_they_race_Then_each_character_lost_the_sum_of_the_blows_that_hit_it()
    {
        await _host.Send(new StartEncounter("Brawl", [.. await Task.WhenAll(Enumerable.Range(0, 5).Select(i => Character($"C{i}", 1000)))], EncounterId: "brawl"));
        var plans = Enumerable.Range(0, 16).Select(i => (Amount: 1 + i, Targets: Enumerable.Range(i, 2 + (i % 2)).Select(t => $"c{t % 5}").ToList())).ToList();
        using var barrier = new Barrier(plans.Count);

        var results = await Task.WhenAll(plans.Select(plan => Task.Factory.StartNew(
            () =>
            {
                barrier.SignalAndWait();
                return _host.Send(new DealAreaDamage("brawl", plan.Amount, DamageType.Force, [.. plan.Targets.Select(t => new AreaTargetInput(t))], "racer"));
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default).Unwrap()));

        var view = (await _host.Send(new GetEncounter("brawl"))).Value;
        for (var c = 0; c < 5; c++)
        {
            var lost = plans.Where((p, i) => results[i].IsSuccess && p.Targets.Contains($"c{c}")).Sum(p => p.Amount);
            var hits = plans.Where((p, i) => results[i].IsSuccess && p.Targets.Contains($"c{c}")).Count();
            var hp = view.Combatants.Single(x => x.CombatantId == $"c{c}").HitPoints!;
            Assert.Equal(1000 - lost, hp.CurrentHitPoints);
            Assert.Equal(hits, hp.Version); // created at 0, one event per blow
        }

        Assert.Equal(results.Count(r => r.IsSuccess), view.Version);
        Assert.All(results, r => Assert.True(r.IsSuccess || r.Error is ConflictError, r.Error?.Message));
    }
}
