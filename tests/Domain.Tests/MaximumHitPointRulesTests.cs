namespace Domain.Tests;

/// <summary>SRD 5.1 Classes ("Hit Points at Higher Levels"), Beyond 1st Level, Aid (Spells), Wight's Life Drain (Monsters).</summary>
public sealed class MaximumHitPointRulesTests
{
    [Fact]
    public void Given_a_level_1_fighter_When_it_gains_a_level_Then_maximum_and_current_hit_points_rise_by_the_same_amount_and_it_gains_a_hit_die()
    {
        // SRD 5.1 Fighter, Hit Points at Higher Levels: "1d10 (or 6) + your Constitution modifier per fighter level after 1st".
        var state = Given.Character(12, hitDie: HitDie.D10, constitution: 2).After(s => s.TakeDamage(5, DamageType.Slashing));

        var decision = state.GainLevel(8);
        var after = state.Then(decision);

        Assert.Equal(new LevelGained(2, 8, 8), Assert.Single(decision.Events));
        Assert.Equal((2, 20, 15, 2), (after.Level, after.MaximumHitPoints, after.CurrentHitPoints, after.HitDiceLeft));
    }

    [Fact]
    public void Given_an_unconscious_character_When_it_gains_a_level_Then_only_the_maximum_rises_and_it_stays_unconscious()
    {
        // Ruling: gaining a level is not regaining hit points, so it does not end unconsciousness.
        var state = Given.Unconscious(8).After(s => s.RecordDeathSave(5));

        var decision = state.GainLevel(6);
        var after = state.Then(decision);

        Assert.Equal(new LevelGained(2, 6, 0), Assert.Single(decision.Events));
        Assert.Equal((Condition.Unconscious, 0, 14, 1), (after.Condition, after.CurrentHitPoints, after.MaximumHitPoints, after.DeathSaveFailures));
    }

    [Fact]
    public void Given_a_d10_and_plus_2_When_a_level_adds_13_or_0_Then_it_is_a_rule_error()
    {
        var state = Given.Character(12, hitDie: HitDie.D10, constitution: 2);

        Assert.Equal("level-up.increase-above-hit-die", state.GainLevel(13).Code());
        Assert.Equal("level-up.increase-below-one", state.GainLevel(0).Code());
        Assert.True(state.GainLevel(12).IsAccepted);
    }

    [Fact]
    public void Given_level_20_When_it_gains_a_level_Then_it_is_a_rule_error()
    {
        Assert.Equal("character.level", Given.Character(200, level: 20).GainLevel(5).Code());
    }

    [Fact]
    public void Given_a_level_4_character_When_its_constitution_modifier_rises_by_1_Then_the_maximum_rises_by_4()
    {
        // SRD 5.1 Beyond 1st Level: "your hit point maximum changes as well, as though you had the new modifier from 1st level".
        var state = Given.Character(30, level: 4, hitDie: HitDie.D8, constitution: 1);

        var decision = state.ChangeConstitutionModifier(2);
        var after = state.Then(decision);

        Assert.Equal(new ConstitutionModifierChanged(2, 4, 4), Assert.Single(decision.Events));
        Assert.Equal((34, 34, 2), (after.MaximumHitPoints, after.CurrentHitPoints, after.ConstitutionModifier));
    }

    [Fact]
    public void Given_a_full_level_7_character_When_its_constitution_modifier_falls_by_1_Then_the_maximum_and_current_fall_by_7()
    {
        var state = Given.Character(50, level: 7, constitution: 1);

        var after = state.After(s => s.ChangeConstitutionModifier(0));

        Assert.Equal((43, 43), (after.MaximumHitPoints, after.CurrentHitPoints));
        Assert.Equal("constitution.unchanged", after.ChangeConstitutionModifier(0).Code());
    }

    [Fact]
    public void Given_a_wounded_character_When_Aid_is_cast_Then_maximum_and_current_rise_by_5_until_it_ends()
    {
        // SRD 5.1 Aid: "Each target's hit point maximum and current hit points increase by 5 for the duration."
        var state = Given.Character(10).After(s => s.TakeDamage(4, DamageType.Slashing));

        var aided = state.After(s => s.IncreaseMaximumHitPoints(5, "Aid"));
        var ended = aided.After(s => s.EndMaximumHitPointsIncrease("Aid"));

        Assert.Equal((15, 11), (aided.MaximumHitPoints, aided.CurrentHitPoints));
        Assert.Equal((10, 10), (ended.MaximumHitPoints, ended.CurrentHitPoints));
        Assert.Equal("hit-point-maximum.increase-active", aided.IncreaseMaximumHitPoints(5, "Aid").Code());
        Assert.Equal("hit-point-maximum.increase-not-active", ended.EndMaximumHitPointsIncrease("Aid").Code());
    }

    [Fact]
    public void Given_a_dying_character_When_Aid_is_cast_Then_it_regains_5_hit_points_and_wakes()
    {
        var after = Given.Unconscious(8).After(s => s.RecordDeathSave(5)).After(s => s.IncreaseMaximumHitPoints(5, "Aid"));

        Assert.Equal((Condition.Conscious, 5, 0), (after.Condition, after.CurrentHitPoints, after.DeathSaveFailures));
    }

    [Fact]
    public void Given_a_full_character_When_Life_Drain_reduces_the_maximum_below_current_Then_current_falls_to_the_new_maximum()
    {
        // SRD 5.1 Wight, Life Drain: "its hit point maximum is reduced by an amount equal to the damage taken".
        var state = Given.Character(20).After(s => s.TakeDamage(2, DamageType.Necrotic));

        var decision = state.ReduceMaximumHitPoints(5, "wight");
        var after = state.Then(decision);

        Assert.Equal(new MaximumHitPointsReduced(5, "wight", 3), Assert.Single(decision.Events));
        Assert.Equal((15, 15), (after.MaximumHitPoints, after.CurrentHitPoints));
        Assert.Equal(0, Assert.IsType<Healed>(after.Heal(5).Events[0]).HitPointsRestored);
    }

    [Fact]
    public void Given_a_character_When_Life_Drain_reduces_the_maximum_to_zero_Then_it_dies()
    {
        // SRD 5.1 Wight: "The target dies if this effect reduces its hit point maximum to 0."
        var decision = Given.Character(8).ReduceMaximumHitPoints(9, "wight");

        Assert.Equal(new CharacterDied(DeathCause.HitPointMaximumReducedToZero), decision.Events[^1]);
        Assert.Equal((Condition.Dead, 0, 0), (Given.Character(8).Then(decision).Condition, Given.Character(8).Then(decision).MaximumHitPoints, Given.Character(8).Then(decision).CurrentHitPoints));
    }
}

/// <summary>SRD 5.1 Combat, "Damage Resistance and Vulnerability", for defences gained and lost in play.</summary>
public sealed class DefenseRulesTests
{
    [Fact]
    public void Given_a_raging_barbarian_When_hit_by_slashing_Then_it_is_halved_until_the_rage_ends()
    {
        // SRD 5.1 Barbarian, Rage: "You have resistance to bludgeoning, piercing, and slashing damage."
        DamageType[] physical = [DamageType.Bludgeoning, DamageType.Piercing, DamageType.Slashing];
        var state = Given.Character(30);

        var raging = state.After(s => s.GainDefense(Defense.Resistance, physical, "rage"));
        var calm = raging.After(s => s.LoseDefense(Defense.Resistance, physical, "rage"));

        Assert.Equal(4, Assert.IsType<DamageTaken>(raging.TakeDamage(9, DamageType.Slashing).Events[0]).AmountApplied);
        Assert.Equal(9, Assert.IsType<DamageTaken>(calm.TakeDamage(9, DamageType.Slashing).Events[0]).AmountApplied);
    }

    [Fact]
    public void Given_resistance_from_two_sources_When_one_ends_Then_the_other_still_counts_once()
    {
        // SRD 5.1: "Multiple instances of resistance or vulnerability that affect the same damage type count as only one instance."
        var state = Given.Character(30, resist: [DamageType.Fire])
            .After(s => s.GainDefense(Defense.Resistance, [DamageType.Fire], "potion of fire resistance"));
        Assert.Equal(4, Assert.IsType<DamageTaken>(state.TakeDamage(9, DamageType.Fire).Events[0]).AmountApplied);

        var after = state.After(s => s.LoseDefense(Defense.Resistance, [DamageType.Fire], "potion of fire resistance"));

        Assert.Equal([DamageType.Fire], after.Resistances);
    }

    [Fact]
    public void Given_defences_When_gained_twice_or_lost_from_a_source_that_never_gave_them_Then_it_is_a_rule_error()
    {
        var state = Given.Character(immune: [DamageType.Poison]).After(s => s.GainDefense(Defense.Vulnerability, [DamageType.Cold], "curse"));

        Assert.Equal("defense.already-held", state.GainDefense(Defense.Vulnerability, [DamageType.Cold], "curse").Code());
        Assert.Equal("defense.not-held", state.LoseDefense(Defense.Immunity, [DamageType.Poison], "curse").Code());
        Assert.Equal([DamageType.Cold], state.Vulnerabilities);
    }

    [Fact]
    public void Given_a_new_defence_When_gained_Then_the_event_records_its_source()
    {
        var decision = Given.Character().GainDefense(Defense.Immunity, [DamageType.Fire, DamageType.Fire], "Fire Shield");

        var gained = Assert.IsType<DefenseGained>(Assert.Single(decision.Events));
        Assert.Equal((Defense.Immunity, "Fire Shield"), (gained.Defense, gained.Source));
        Assert.Equal([DamageType.Fire], gained.DamageTypes);
    }
}
