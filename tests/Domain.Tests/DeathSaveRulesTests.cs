namespace Domain.Tests;

/// <summary>SRD 5.1 Combat, "Death Saving Throws", "Stabilizing a Creature", and Revivify (Spells).</summary>
public sealed class DeathSaveRulesTests
{
    [Theory]
    [InlineData(10, DeathSaveOutcome.Success, 1)]
    [InlineData(19, DeathSaveOutcome.Success, 1)]
    [InlineData(9, DeathSaveOutcome.Failure, 1)]
    [InlineData(2, DeathSaveOutcome.Failure, 1)]
    [InlineData(1, DeathSaveOutcome.Failure, 2)]
    public void Given_a_dying_character_When_a_d20_is_rolled_Then_10_or_more_succeeds_and_a_1_is_two_failures(int roll, DeathSaveOutcome outcome, int count)
    {
        // SRD 5.1 Death Saving Throws: "If the roll is 10 or higher, you succeed"; "roll a 1 on the d20, it counts as two failures".
        var decision = Given.Unconscious().RecordDeathSave(roll);

        Assert.Equal(new DeathSaveRecorded(outcome, DeathSaveCause.Roll, roll, count), Assert.Single(decision.Events));
    }

    [Fact]
    public void Given_a_dying_character_with_saves_When_a_20_is_rolled_Then_it_regains_1_hit_point_and_both_counts_reset()
    {
        // SRD 5.1: "If you roll a 20 on the d20, you regain 1 hit point."
        var state = Given.Unconscious().After(s => s.RecordDeathSave(3)).After(s => s.RecordDeathSave(12));

        var decision = state.RecordDeathSave(20);
        var after = state.Then(decision);

        Assert.Equal(new DeathSaveRecorded(DeathSaveOutcome.CriticalSuccess, DeathSaveCause.Roll, 20), Assert.Single(decision.Events));
        Assert.Equal((Condition.Conscious, 1, 0, 0), (after.Condition, after.CurrentHitPoints, after.DeathSaveSuccesses, after.DeathSaveFailures));
    }

    [Fact]
    public void Given_a_stable_character_When_a_natural_20_is_rolled_Then_it_is_refused_because_stable_creatures_make_no_death_saves()
    {
        // SRD 5.1: "A stable creature doesn't make death saving throws, even though it has 0 hit points".
        var decision = Given.Stable().RecordDeathSave(20);

        Assert.Equal("character.stable", decision.Code());
        Assert.Empty(decision.Events);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(21)]
    public void Given_a_dying_character_When_the_roll_is_not_a_d20_Then_it_is_a_rule_error(int roll)
    {
        Assert.Equal("death-save.roll", Given.Unconscious().RecordDeathSave(roll).Code());
    }

    [Fact]
    public void Given_a_dying_character_When_three_saves_succeed_Then_it_is_stable_with_both_counts_reset()
    {
        // SRD 5.1: "On your third success, you become stable."
        var state = Given.Unconscious().After(s => s.RecordDeathSave(4));
        state = state.After(s => s.RecordDeathSave(10)).After(s => s.RecordDeathSave(11)).After(s => s.RecordDeathSave(15));

        Assert.Equal((Condition.Stable, 0, 0), (state.Condition, state.DeathSaveSuccesses, state.DeathSaveFailures));
    }

    [Fact]
    public void Given_one_failure_When_a_natural_1_is_rolled_Then_the_character_dies()
    {
        // SRD 5.1: "On your third failure, you die." A 1 counts as two.
        var state = Given.Unconscious().After(s => s.RecordDeathSave(9));

        var decision = state.RecordDeathSave(1);

        Assert.Equal(new CharacterDied(DeathCause.FailedDeathSaves), decision.Events[^1]);
        Assert.Equal(Condition.Dead, state.Then(decision).Condition);
    }

    [Fact]
    public void Given_mixed_saves_When_two_succeed_and_two_fail_Then_the_character_is_still_dying()
    {
        var state = Given.Unconscious();
        foreach (var roll in new[] { 10, 9, 10, 9 })
        {
            state = state.After(s => s.RecordDeathSave(roll));
        }

        Assert.Equal((Condition.Unconscious, 2, 2), (state.Condition, state.DeathSaveSuccesses, state.DeathSaveFailures));
    }

    [Fact]
    public void Given_an_outcome_without_a_roll_When_recorded_through_the_v1_overload_Then_it_counts_once_and_keeps_no_roll()
    {
        var decision = Given.Unconscious().RecordDeathSave(DeathSaveOutcome.Failure);

        Assert.Equal(new DeathSaveRecorded(DeathSaveOutcome.Failure, DeathSaveCause.Roll, null, 1), Assert.Single(decision.Events));
    }

    [Fact]
    public void Given_a_conscious_character_When_a_death_save_is_recorded_Then_it_is_a_domain_error()
    {
        Assert.Equal("character.not-dying", Given.Character().RecordDeathSave(12).Code());
    }

    [Fact]
    public void Given_a_dead_character_When_a_death_save_is_recorded_Then_it_is_a_domain_error()
    {
        Assert.Equal("character.dead", Given.Dead().RecordDeathSave(12).Code());
    }
}

public sealed class StabilizingRulesTests
{
    [Fact]
    public void Given_a_dying_character_When_a_DC_10_Medicine_check_reaches_10_Then_it_is_stable_and_the_check_is_recorded()
    {
        // SRD 5.1 Stabilizing a Creature: "a successful DC 10 Wisdom (Medicine) check".
        var state = Given.Unconscious().After(s => s.RecordDeathSave(4));

        var decision = state.Stabilize(StabilizationMethod.MedicineCheck, "Jozan", 10);
        var after = state.Then(decision);

        Assert.Equal(new CharacterStabilized(StabilizationMethod.MedicineCheck, "Jozan", 10), Assert.Single(decision.Events));
        Assert.Equal((Condition.Stable, 0, 0), (after.Condition, after.DeathSaveSuccesses, after.DeathSaveFailures));
    }

    [Fact]
    public void Given_a_dying_character_When_the_Medicine_check_is_9_Then_it_is_not_stabilised()
    {
        Assert.Equal("stabilize.check-failed", Given.Unconscious().Stabilize(StabilizationMethod.MedicineCheck, "Jozan", 9).Code());
        Assert.Equal("stabilize.check-needed", Given.Unconscious().Stabilize(StabilizationMethod.MedicineCheck, "Jozan").Code());
    }

    [Theory]
    [InlineData(StabilizationMethod.SpareTheDying)]
    [InlineData(StabilizationMethod.HealersKit)]
    public void Given_a_dying_character_When_Spare_the_Dying_or_a_healers_kit_is_used_Then_it_is_stable_without_a_check(StabilizationMethod method)
    {
        // SRD 5.1 Spare the Dying: "The creature becomes stable." Healer's Kit: "without needing to make a Wisdom (Medicine) check".
        var after = Given.Unconscious().After(s => s.Stabilize(method, "Jozan"));

        Assert.Equal(Condition.Stable, after.Condition);
    }

    [Fact]
    public void Given_a_conscious_or_stable_character_When_stabilised_Then_it_is_a_rule_error()
    {
        Assert.Equal("character.not-dying", Given.Character().Stabilize(StabilizationMethod.HealersKit).Code());
        Assert.Equal("character.stable", Given.Stable().Stabilize(StabilizationMethod.HealersKit).Code());
        Assert.Equal("stabilize.knock-out-is-a-hit", Given.Unconscious().Stabilize(StabilizationMethod.KnockedOut).Code());
    }

    [Fact]
    public void Given_a_stable_character_When_1d4_hours_pass_unhealed_Then_it_regains_1_hit_point()
    {
        // SRD 5.1: "A stable creature that isn't healed regains 1 hit point after 1d4 hours."
        var decision = Given.Stable().RecoverFromStability(3);
        var after = Given.Stable().Then(decision);

        Assert.Equal(new RecoveredFromStability(3), Assert.Single(decision.Events));
        Assert.Equal((Condition.Conscious, 1), (after.Condition, after.CurrentHitPoints));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    public void Given_a_stable_character_When_the_hours_are_not_a_d4_Then_it_is_a_rule_error(int hours)
    {
        Assert.Equal("stable-recovery.hours", Given.Stable().RecoverFromStability(hours).Code());
    }

    [Fact]
    public void Given_a_dying_or_conscious_character_When_recovering_from_stability_Then_it_is_a_rule_error()
    {
        Assert.Equal("character.not-stable", Given.Unconscious().RecoverFromStability(2).Code());
        Assert.Equal("character.not-stable", Given.Character().RecoverFromStability(2).Code());
    }
}

public sealed class RevivalRulesTests
{
    [Fact]
    public void Given_a_character_dead_of_failed_saves_When_Revivify_is_cast_Then_it_returns_to_life_with_1_hit_point()
    {
        // SRD 5.1 Revivify: "That creature returns to life with 1 hit point."
        var state = Given.Unconscious().After(s => s.RecordDeathSave(1)).After(s => s.RecordDeathSave(5));
        Assert.Equal(Condition.Dead, state.Condition);

        var decision = state.Revive("Revivify", 1);
        var after = state.Then(decision);

        Assert.Equal(new CharacterRevived("Revivify", 1), Assert.Single(decision.Events));
        Assert.Equal((Condition.Conscious, 1, 0, 0), (after.Condition, after.CurrentHitPoints, after.DeathSaveSuccesses, after.DeathSaveFailures));
    }

    [Fact]
    public void Given_instant_death_from_massive_damage_When_Revivify_is_cast_Then_it_returns_to_life_with_1_hit_point()
    {
        var after = Given.Dead().After(s => s.Revive("Revivify", 1));

        Assert.Equal((Condition.Conscious, 1), (after.Condition, after.CurrentHitPoints));
        Assert.Equal(6, after.After(s => s.Heal(5)).CurrentHitPoints);
    }

    [Fact]
    public void Given_a_living_character_When_revived_Then_it_is_a_rule_error()
    {
        Assert.Equal("character.not-dead", Given.Unconscious().Revive("Revivify", 1).Code());
    }

    [Fact]
    public void Given_a_character_whose_maximum_was_drained_to_zero_When_revived_Then_there_is_no_maximum_to_return_to()
    {
        // Ruling: Life Drain's reduction "lasts until the target finishes a long rest", which the dead cannot take.
        var drained = Given.Character(8).After(s => s.ReduceMaximumHitPoints(8, "wight"));

        Assert.Equal("revival.hit-point-maximum-zero", drained.Revive("Revivify", 1).Code());
    }

    [Fact]
    public void Given_temporary_hit_points_When_the_character_dies_Then_they_end()
    {
        var state = Given.Unconscious().After(s => s.GrantTemporaryHitPoints(3)).After(s => s.RecordDeathSave(1));
        Assert.Equal(3, state.TemporaryHitPoints);

        var after = state.After(s => s.RecordDeathSave(5));

        Assert.Equal((Condition.Dead, 0), (after.Condition, after.TemporaryHitPoints));
    }
}
