namespace Domain.Tests;

/// <summary>SRD 5.1 Combat, "Damage and Healing": damage, resistance and vulnerability, instant death, knocking a creature out.</summary>
public sealed class DamageRulesTests
{
    [Fact]
    public void Given_resistance_When_damaged_Then_it_is_halved_rounded_down()
    {
        // SRD 5.1 Damage Resistance and Vulnerability: "resistance ... damage is halved".
        var state = Given.Character(20, resist: [DamageType.Fire]);

        var damage = Assert.IsType<DamageTaken>(Assert.Single(state.TakeDamage(7, DamageType.Fire).Events));

        Assert.Equal((7, 3, 3), (damage.Amount, damage.AmountApplied, damage.HitPointsLost));
        Assert.Equal(DamageAdjustment.Resisted, damage.Parts[0].Adjustment);
    }

    [Fact]
    public void Given_vulnerability_When_damaged_Then_it_is_doubled()
    {
        var state = Given.Character(20, vulnerable: [DamageType.Cold]);

        Assert.Equal(8, Assert.IsType<DamageTaken>(state.TakeDamage(4, DamageType.Cold).Events[0]).AmountApplied);
    }

    [Fact]
    public void Given_resistance_and_vulnerability_to_one_type_When_damaged_Then_halved_then_doubled()
    {
        // SRD 5.1: "Resistance and then vulnerability are applied after all other modifiers to damage."
        var state = Given.Character(20, resist: [DamageType.Acid], vulnerable: [DamageType.Acid]);

        Assert.Equal(6, Assert.IsType<DamageTaken>(state.TakeDamage(7, DamageType.Acid).Events[0]).AmountApplied);
    }

    [Fact]
    public void Given_immunity_When_damaged_Then_nothing_is_lost()
    {
        var state = Given.Character(immune: [DamageType.Poison]);

        var damage = Assert.IsType<DamageTaken>(Assert.Single(state.TakeDamage(5, DamageType.Poison).Events));

        Assert.Equal((0, 0, DamageAdjustment.Immune), (damage.AmountApplied, damage.HitPointsLost, damage.Parts[0].Adjustment));
    }

    [Fact]
    public void Given_one_type_resisted_and_one_immune_When_a_hit_has_both_parts_Then_each_part_is_adjusted_on_its_own()
    {
        // 7 slashing (resisted: 3) + 4 poison (immune: 0) + 5 fire (none: 5) = 8 lost.
        var state = Given.Character(20, resist: [DamageType.Slashing], immune: [DamageType.Poison]);

        var damage = Assert.IsType<DamageTaken>(Assert.Single(state.TakeDamage(Given.Hit((7, DamageType.Slashing), (4, DamageType.Poison), (5, DamageType.Fire)), source: "ogre").Events));

        Assert.Equal(
            [new DamagePart(7, DamageType.Slashing, 3, DamageAdjustment.Resisted), new DamagePart(4, DamageType.Poison, 0, DamageAdjustment.Immune), new DamagePart(5, DamageType.Fire, 5)],
            damage.Parts);
        Assert.Equal((16, 8, 8), (damage.Amount, damage.AmountApplied, damage.HitPointsLost));
        Assert.Equal(12, state.Then(state.TakeDamage(Given.Hit((7, DamageType.Slashing), (4, DamageType.Poison), (5, DamageType.Fire)))).CurrentHitPoints);
    }

    [Fact]
    public void Given_resistance_to_two_types_When_one_hit_has_both_Then_each_part_is_rounded_down_separately()
    {
        // 5 fire -> 2 and 5 cold -> 2: 4, not half of 10.
        var state = Given.Character(20, resist: [DamageType.Fire, DamageType.Cold]);

        Assert.Equal(4, Assert.IsType<DamageTaken>(state.TakeDamage(Given.Hit((5, DamageType.Fire), (5, DamageType.Cold))).Events[0]).AmountApplied);
    }

    [Fact]
    public void Given_temporary_hit_points_When_a_multi_part_hit_lands_Then_they_absorb_the_total_first()
    {
        // SRD 5.1 Temporary Hit Points: "any damage ... is lost from them first".
        var state = Given.Character(10).After(s => s.GrantTemporaryHitPoints(5));

        var damage = Assert.IsType<DamageTaken>(state.TakeDamage(Given.Hit((4, DamageType.Slashing), (3, DamageType.Fire))).Events[0]);
        var after = state.Then(state.TakeDamage(Given.Hit((4, DamageType.Slashing), (3, DamageType.Fire))));

        Assert.Equal((5, 2), (damage.AbsorbedByTemporaryHitPoints, damage.HitPointsLost));
        Assert.Equal((0, 8), (after.TemporaryHitPoints, after.CurrentHitPoints));
    }

    [Fact]
    public void Given_damage_below_current_hit_points_When_damaged_Then_hit_points_never_go_below_zero()
    {
        var state = Given.Character(8);

        var after = state.After(s => s.TakeDamage(12, DamageType.Slashing));

        Assert.Equal((0, Condition.Unconscious), (after.CurrentHitPoints, after.Condition));
    }

    [Fact]
    public void Given_a_multi_part_hit_whose_total_leftover_equals_the_maximum_When_damaged_Then_instant_death()
    {
        // SRD 5.1 Instant Death: "you die if the remaining damage equals or exceeds your hit point maximum". 8 HP + 8 over.
        var decision = Given.Character(8).TakeDamage(Given.Hit((10, DamageType.Slashing), (6, DamageType.Fire)));

        Assert.Equal(new CharacterDied(DeathCause.MassiveDamage), decision.Events[^1]);
    }

    [Fact]
    public void Given_damage_whose_leftover_is_one_below_the_maximum_When_damaged_Then_the_character_is_only_unconscious()
    {
        var after = Given.Character(8).After(s => s.TakeDamage(5, DamageType.Slashing)).After(s => s.TakeDamage(10, DamageType.Slashing));

        Assert.Equal(Condition.Unconscious, after.Condition);
    }

    [Fact]
    public void Given_temporary_hit_points_When_massive_damage_is_checked_Then_only_damage_past_them_counts()
    {
        var after = Given.Character(8).After(s => s.GrantTemporaryHitPoints(5)).After(s => s.TakeDamage(20, DamageType.Force));

        Assert.Equal(Condition.Unconscious, after.Condition);
    }

    [Fact]
    public void Given_an_unconscious_character_When_a_multi_part_hit_lands_Then_it_is_one_failed_death_save_not_one_per_part()
    {
        // SRD 5.1 Damage at 0 Hit Points: "If you take any damage while you have 0 hit points, you suffer a death saving throw failure."
        var state = Given.Unconscious();

        var decision = state.TakeDamage(Given.Hit((1, DamageType.Slashing), (1, DamageType.Fire), (1, DamageType.Cold)));

        Assert.Equal(new DeathSaveRecorded(DeathSaveOutcome.Failure, DeathSaveCause.Damage, null, 1), decision.Events[^1]);
        Assert.Equal(1, state.Then(decision).DeathSaveFailures);
    }

    [Fact]
    public void Given_an_unconscious_character_When_a_critical_hit_lands_Then_it_is_two_failed_death_saves()
    {
        // SRD 5.1 Damage at 0 Hit Points: "If the damage is from a critical hit, you suffer two failures instead."
        var state = Given.Unconscious();

        var decision = state.TakeDamage(Given.Hit((4, DamageType.Piercing)), critical: true);

        Assert.True(Assert.IsType<DamageTaken>(decision.Events[0]).Critical);
        Assert.Equal(new DeathSaveRecorded(DeathSaveOutcome.Failure, DeathSaveCause.Damage, null, 2), decision.Events[^1]);
        Assert.Equal((2, Condition.Unconscious), (state.Then(decision).DeathSaveFailures, state.Then(decision).Condition));
    }

    [Fact]
    public void Given_one_failed_save_When_a_critical_hit_lands_at_zero_Then_the_character_dies()
    {
        var state = Given.Unconscious().After(s => s.RecordDeathSave(5));

        var decision = state.TakeDamage(Given.Hit((2, DamageType.Piercing)), critical: true);

        Assert.Equal(new CharacterDied(DeathCause.FailedDeathSaves), decision.Events[^1]);
    }

    [Fact]
    public void Given_an_unconscious_character_When_a_critical_hit_also_reaches_the_maximum_Then_it_is_instant_death_and_no_save_is_recorded()
    {
        // SRD 5.1: "If the damage equals or exceeds your hit point maximum, you suffer instant death."
        var decision = Given.Unconscious(8).TakeDamage(Given.Hit((5, DamageType.Slashing), (3, DamageType.Fire)), critical: true);

        Assert.Equal([typeof(DamageTaken), typeof(CharacterDied)], decision.Events.Select(e => e.GetType()));
        Assert.Equal(new CharacterDied(DeathCause.MassiveDamage), decision.Events[^1]);
    }

    [Fact]
    public void Given_two_failed_saves_When_damaged_at_zero_Then_the_character_dies()
    {
        var state = Given.Unconscious().After(s => s.RecordDeathSave(2)).After(s => s.RecordDeathSave(2));

        var decision = state.TakeDamage(1, DamageType.Slashing);

        Assert.Equal(new CharacterDied(DeathCause.FailedDeathSaves), decision.Events[^1]);
        Assert.Equal(Condition.Dead, state.Then(decision).Condition);
    }

    [Fact]
    public void Given_an_unconscious_character_with_temporary_hit_points_When_they_absorb_all_the_damage_Then_no_save_fails()
    {
        var state = Given.Unconscious().After(s => s.GrantTemporaryHitPoints(5));

        var decision = state.TakeDamage(3, DamageType.Slashing);

        Assert.Single(decision.Events);
        Assert.Equal(0, state.Then(decision).DeathSaveFailures);
    }

    [Fact]
    public void Given_an_immune_unconscious_character_When_damaged_Then_no_save_fails()
    {
        var immune = Given.Character(8, immune: [DamageType.Poison]).After(s => s.TakeDamage(8, DamageType.Slashing));

        Assert.Single(immune.TakeDamage(3, DamageType.Poison).Events);
        Assert.Equal(2, Given.Unconscious(8).TakeDamage(3, DamageType.Poison).Events.Count);
    }

    [Fact]
    public void Given_a_stable_character_When_damaged_Then_it_starts_dying_again_with_one_failure()
    {
        // SRD 5.1 Stabilizing a Creature: "The creature stops being stable ... if it takes any damage."
        var after = Given.Stable().After(s => s.TakeDamage(1, DamageType.Slashing));

        Assert.Equal((Condition.Unconscious, 0, 1), (after.Condition, after.DeathSaveSuccesses, after.DeathSaveFailures));
    }

    [Fact]
    public void Given_a_melee_hit_that_drops_a_creature_to_zero_When_the_attacker_knocks_it_out_Then_it_is_unconscious_and_stable()
    {
        // SRD 5.1 Knocking a Creature Out: "The creature falls unconscious and is stable."
        var state = Given.Character(8);

        var decision = state.TakeDamage(Given.Hit((9, DamageType.Bludgeoning)), source: "Regdar", knockOut: true);
        var after = state.Then(decision);

        Assert.Equal(new CharacterStabilized(StabilizationMethod.KnockedOut, "Regdar"), decision.Events[^1]);
        Assert.Equal((Condition.Stable, 0), (after.Condition, after.CurrentHitPoints));
    }

    [Fact]
    public void Given_a_knock_out_hit_that_leaves_hit_points_When_damaged_Then_no_knock_out_happens()
    {
        var decision = Given.Character(8).TakeDamage(Given.Hit((3, DamageType.Bludgeoning)), knockOut: true);

        Assert.IsType<DamageTaken>(Assert.Single(decision.Events));
    }

    [Fact]
    public void Given_massive_damage_When_the_attacker_chose_to_knock_out_Then_the_creature_still_dies()
    {
        // Ruling: knocking out replaces dying, not instant death.
        var decision = Given.Character(8).TakeDamage(Given.Hit((16, DamageType.Bludgeoning)), knockOut: true);

        Assert.Equal(new CharacterDied(DeathCause.MassiveDamage), decision.Events[^1]);
    }

    [Fact]
    public void Given_a_creature_already_at_zero_When_a_knock_out_is_chosen_Then_it_is_a_rule_error()
    {
        Assert.Equal("knock-out.needs-hit-points", Given.Unconscious().TakeDamage(Given.Hit((1, DamageType.Bludgeoning)), knockOut: true).Code());
    }

    [Fact]
    public void Given_a_dead_character_When_damaged_Then_it_is_a_domain_error()
    {
        Assert.Equal("character.dead", Given.Dead().TakeDamage(1, DamageType.Fire).Code());
    }

    [Fact]
    public void Given_no_character_When_damaged_Then_it_does_not_exist()
    {
        Assert.Equal(CharacterErrors.DoesNotExist(), CharacterHitPoints.Initial.TakeDamage(1, DamageType.Fire).Error);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public void Given_a_non_positive_amount_When_damaged_Then_it_is_a_bug_the_validator_should_have_caught(int amount)
    {
        Assert.ThrowsAny<ArgumentException>(() => Given.Character().TakeDamage(amount, DamageType.Fire));
        Assert.ThrowsAny<ArgumentException>(() => Given.Character().TakeDamage([]));
        Assert.ThrowsAny<ArgumentException>(() => Given.Character().TakeDamage(1, (DamageType)13));
    }

    [Fact]
    public void Given_every_rules_damage_type_When_counted_Then_all_thirteen_are_known()
    {
        Assert.Equal(13, Enum.GetValues<DamageType>().Length);
    }
}
