using Application.Characters;
using EventSourcing;
using Domain;

namespace Application.Tests;

/// <summary>Each SRD 5.1 use case end to end through MediatR, over the in-memory adapter: the command lands, or the rule's code comes back.</summary>
public sealed class RuleUseCaseTests : IDisposable
{
    private readonly TestHost _host = TestHost.InMemory();

    public void Dispose() => _host.Dispose();

    [Fact]
    public async Task Given_level_Hit_Die_and_Constitution_When_created_Then_the_view_shows_them()
    {
        await Ok(new CreateCharacter("Brom", 28, CharacterId: "brom", Level: 3, HitDie: HitDie.D10, ConstitutionModifier: 2));

        var view = await View("brom");

        Assert.Equal((3, HitDie.D10, 3, 2, 28), (view.Level, view.HitDie, view.HitDiceLeft, view.ConstitutionModifier, view.BaseMaximumHitPoints));
    }

    [Fact]
    public async Task Given_a_dying_character_When_a_critical_multi_part_hit_lands_Then_two_failures()
    {
        await Dying();

        await Ok(new DealDamage("lidda", [new DamageRoll(2, DamageType.Piercing), new DamageRoll(2, DamageType.Fire)], Critical: true, Source: "goblin"));

        Assert.Equal(2, (await View("lidda")).DeathSaveFailures);
    }

    [Fact]
    public async Task Given_a_melee_hit_to_0_When_the_attacker_knocks_out_Then_stable()
    {
        await Ok(new CreateCharacter("Orc", 8, CharacterId: "orc"));

        await Ok(new DealDamage("orc", [new DamageRoll(9, DamageType.Bludgeoning)], KnockOut: true, Source: "Tordek"));

        Assert.Equal(Condition.Stable, (await View("orc")).Condition);
    }

    [Fact]
    public async Task Given_a_dying_character_When_a_natural_1_is_rolled_Then_two_failures_and_a_20_wakes_them()
    {
        await Dying();

        await Ok(new RecordDeathSave("lidda", 1));
        Assert.Equal(2, (await View("lidda")).DeathSaveFailures);
        await Ok(new RecordDeathSave("lidda", 20));

        Assert.Equal((1, Condition.Conscious, 0), ((await View("lidda")).CurrentHitPoints, (await View("lidda")).Condition, (await View("lidda")).DeathSaveFailures));
        await Rule(new RecordDeathSave("lidda", 12), "character.not-dying");
    }

    [Fact]
    public async Task Given_a_dying_character_When_stabilized_and_hours_pass_Then_stable_then_1_HP()
    {
        await Dying();
        await Rule(new Stabilize("lidda", StabilizationMethod.MedicineCheck, "Jozan", 9), "stabilize.check-failed");

        await Ok(new Stabilize("lidda", StabilizationMethod.SpareTheDying, "Jozan"));
        Assert.Equal(Condition.Stable, (await View("lidda")).Condition);
        await Ok(new RecoverFromStability("lidda", 4));

        Assert.Equal((1, Condition.Conscious), ((await View("lidda")).CurrentHitPoints, (await View("lidda")).Condition));
    }

    [Fact]
    public async Task Given_a_dead_character_When_revived_Then_alive_with_the_hit_points()
    {
        await Ok(new CreateCharacter("Cora", 8, CharacterId: "cora"));
        await Rule(new Revive("cora", "Revivify", 1), "character.not-dead");
        await Ok(new DealDamage("cora", 16, DamageType.Necrotic));

        await Ok(new Revive("cora", "Revivify", 1));

        Assert.Equal((1, Condition.Conscious), ((await View("cora")).CurrentHitPoints, (await View("cora")).Condition));
    }

    [Fact]
    public async Task Given_healing_and_temporary_HP_from_sources_When_replacing_Then_the_new_ones_stay()
    {
        await Ok(new CreateCharacter("Tordek", 8, CharacterId: "tordek"));
        await Ok(new DealDamage("tordek", 5, DamageType.Slashing));

        await Ok(new Heal("tordek", 2, "potion of healing"));
        await Ok(new GrantTemporaryHitPoints("tordek", 8, "False Life"));
        await Ok(new GrantTemporaryHitPoints("tordek", 3, Replace: true));

        var view = await View("tordek");
        Assert.Equal((5, 3), (view.CurrentHitPoints, view.TemporaryHitPoints));
        var history = (await _host.Send(new GetHistory("tordek"))).Value;
        Assert.Equal("healed 2 from potion of healing: 2 HP restored", history.Events[2].Description);
    }

    [Fact]
    public async Task Given_a_wounded_fighter_When_Hit_Dice_are_spent_and_a_long_rest_taken_Then_HP_and_dice()
    {
        await Ok(new CreateCharacter("Brom", 30, CharacterId: "brom", Level: 4, HitDie: HitDie.D10, ConstitutionModifier: 1));
        await Ok(new DealDamage("brom", 20, DamageType.Slashing));

        await Ok(new SpendHitDice("brom", [3, 6, 1]));
        Assert.Equal((23, 1), ((await View("brom")).CurrentHitPoints, (await View("brom")).HitDiceLeft));
        await Rule(new SpendHitDice("brom", [5, 5]), "hit-dice.not-enough");
        await Ok(new TakeLongRest("brom"));

        Assert.Equal((30, 3), ((await View("brom")).CurrentHitPoints, (await View("brom")).HitDiceLeft));
    }

    [Fact]
    public async Task Given_a_fighter_When_it_levels_up_and_its_Constitution_rises_Then_the_maximum_follows()
    {
        await Ok(new CreateCharacter("Brom", 12, CharacterId: "brom", HitDie: HitDie.D10, ConstitutionModifier: 2));
        await Rule(new GainLevel("brom", 13), "level-up.increase-above-hit-die");

        await Ok(new GainLevel("brom", 8));
        await Ok(new ChangeConstitutionModifier("brom", 3));

        var view = await View("brom");
        Assert.Equal((2, 22, 22, 3), (view.Level, view.MaximumHitPoints, view.CurrentHitPoints, view.ConstitutionModifier));
        await Rule(new ChangeConstitutionModifier("brom", 3), "constitution.unchanged");
    }

    [Fact]
    public async Task Given_Aid_and_Life_Drain_When_they_come_and_go_Then_the_maximum_follows()
    {
        await Ok(new CreateCharacter("Tordek", 8, CharacterId: "tordek"));

        await Ok(new IncreaseMaximumHitPoints("tordek", 5, "Aid"));
        await Rule(new IncreaseMaximumHitPoints("tordek", 5, "Aid"), "hit-point-maximum.increase-active");
        await Ok(new ReduceMaximumHitPoints("tordek", 4, "wight"));
        var both = await View("tordek");
        Assert.Equal((9, 9, 4, "Aid"), (both.MaximumHitPoints, both.CurrentHitPoints, both.MaximumReduction, Assert.Single(both.MaximumIncreases).Source));
        await Ok(new EndMaximumHitPointsIncrease("tordek", "Aid"));
        await Rule(new EndMaximumHitPointsIncrease("tordek", "Aid"), "hit-point-maximum.increase-not-active");

        Assert.Equal((4, 4), ((await View("tordek")).MaximumHitPoints, (await View("tordek")).CurrentHitPoints));
    }

    [Fact]
    public async Task Given_rage_When_defenses_are_gained_and_lost_Then_damage_follows_them()
    {
        await Ok(new CreateCharacter("Krusk", 30, CharacterId: "krusk"));

        await Ok(new GainDefense("krusk", Defense.Resistance, [DamageType.Slashing, DamageType.Piercing], "rage"));
        await Ok(new DealDamage("krusk", 10, DamageType.Slashing));
        Assert.Equal(25, (await View("krusk")).CurrentHitPoints);
        await Rule(new LoseDefense("krusk", Defense.Resistance, [DamageType.Slashing], "potion"), "defense.not-held");
        await Ok(new LoseDefense("krusk", Defense.Resistance, [DamageType.Slashing, DamageType.Piercing], "rage"));

        var view = await View("krusk");
        Assert.Empty(view.Resistances);
        Assert.Empty(view.Defenses);
    }

    [Fact]
    public async Task Given_an_existing_character_When_every_shape_invalid_command_is_sent_Then_each_is_a_validation_error_and_nothing_is_written()
    {
        await Ok(new CreateCharacter("Tordek", 8, CharacterId: "tordek"));

        foreach (var command in ValidatorTests.InvalidCommands.Select(row => (MediatR.IRequest<Result<CommandResult>>)row[0]))
        {
            var result = await _host.Send(command);
            Assert.IsType<ValidationError>(result.Error);
        }

        Assert.Equal(0, (await View("tordek")).Version);
    }

    private async Task Dying()
    {
        await Ok(new CreateCharacter("Lidda", 8, CharacterId: "lidda"));
        await Ok(new DealDamage("lidda", 8, DamageType.Slashing));
    }

    private async Task Ok(MediatR.IRequest<Result<CommandResult>> command)
    {
        var result = await _host.Send(command);
        Assert.True(result.IsSuccess, result.Error?.Message);
    }

    private async Task Rule(MediatR.IRequest<Result<CommandResult>> command, string rule)
    {
        var result = await _host.Send(command);
        Assert.Equal(rule, Assert.IsType<RuleBrokenError>(result.Error).Rule);
    }

    private async Task<CharacterView> View(string id) => (await _host.Send(new GetCharacter(id))).Value;
}
