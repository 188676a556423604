namespace Domain.Tests;

/// <summary>SRD 5.1 Adventuring, "Resting": Short Rest (Hit Dice) and Long Rest.</summary>
public sealed class RestRulesTests
{
    [Fact]
    public void Given_a_character_at_zero_hit_points_When_resting_long_Then_it_is_refused_because_a_long_rest_needs_1_hit_point()
    {
        // SRD 5.1 Long Rest: "a character must have at least 1 hit point at the start of the rest to gain its benefits".
        var decision = Given.Unconscious().TakeLongRest();

        Assert.Equal("long-rest.needs-hit-points", decision.Code());
        Assert.Empty(decision.Events);
    }

    [Fact]
    public void Given_a_stable_character_When_resting_long_Then_it_is_refused_too()
    {
        Assert.Equal("long-rest.needs-hit-points", Given.Stable().TakeLongRest().Code());
    }

    [Fact]
    public void Given_a_wounded_character_with_temporary_hit_points_When_resting_long_Then_hit_points_are_full_and_temporary_ones_gone()
    {
        // SRD 5.1 Long Rest: "a character regains all lost hit points"; temporary ones last "until ... you finish a long rest".
        var state = Given.Character(10).After(s => s.GrantTemporaryHitPoints(4)).After(s => s.TakeDamage(9, DamageType.Fire));

        var decision = state.TakeLongRest();
        var after = state.Then(decision);

        Assert.Equal(new LongRestTaken(5, 0, 0), Assert.Single(decision.Events));
        Assert.Equal((10, 0), (after.CurrentHitPoints, after.TemporaryHitPoints));
    }

    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(8, 6, 4)]
    [InlineData(5, 1, 1)]
    [InlineData(5, 4, 2)]
    [InlineData(3, 0, 0)]
    public void Given_spent_hit_dice_When_resting_long_Then_up_to_half_the_level_comes_back_minimum_one(int level, int spent, int restored)
    {
        // SRD 5.1 Long Rest: "regains spent Hit Dice, up to a number of dice equal to half of the character's total number of them (minimum of one die)".
        var state = Given.Character(100, level: level, hitDie: HitDie.D8);
        if (spent > 0)
        {
            state = state.After(s => s.SpendHitDice([.. Enumerable.Repeat(1, spent)]));
        }

        var decision = state.TakeLongRest();

        Assert.Equal(restored, Assert.IsType<LongRestTaken>(Assert.Single(decision.Events)).HitDiceRestored);
        Assert.Equal(level - spent + restored, state.Then(decision).HitDiceLeft);
    }

    [Fact]
    public void Given_a_reduced_maximum_When_resting_long_Then_the_reduction_ends_and_hit_points_are_full()
    {
        // SRD 5.1 Wight, Life Drain: "This reduction lasts until the target finishes a long rest."
        var state = Given.Character(20).After(s => s.ReduceMaximumHitPoints(6, "wight"));
        Assert.Equal((14, 14), (state.MaximumHitPoints, state.CurrentHitPoints));

        var decision = state.TakeLongRest();
        var after = state.Then(decision);

        Assert.Equal(new LongRestTaken(6, 0, 6), Assert.Single(decision.Events));
        Assert.Equal((20, 20, 0), (after.MaximumHitPoints, after.CurrentHitPoints, after.MaximumReduction));
    }

    [Fact]
    public void Given_a_dead_character_When_resting_Then_it_is_a_domain_error_and_it_stays_dead()
    {
        var decision = Given.Dead().TakeLongRest();

        Assert.Equal("character.dead", decision.Code());
        Assert.Empty(decision.Events);
    }
}

public sealed class HitDiceRulesTests
{
    [Fact]
    public void Given_a_wounded_fighter_When_two_hit_dice_are_spent_Then_each_roll_plus_constitution_is_regained()
    {
        // SRD 5.1 Short Rest: "For each Hit Die spent ... rolls the die and adds the character's Constitution modifier".
        var state = Given.Character(40, level: 4, hitDie: HitDie.D10, constitution: 2).After(s => s.TakeDamage(30, DamageType.Slashing));

        var decision = state.SpendHitDice([7, 3]);
        var after = state.Then(decision);

        Assert.Equal(14, Assert.IsType<HitDiceSpent>(Assert.Single(decision.Events)).HitPointsRestored);
        Assert.Equal((24, 2), (after.CurrentHitPoints, after.HitDiceLeft));
    }

    [Fact]
    public void Given_a_negative_constitution_modifier_When_a_low_die_is_rolled_Then_that_die_regains_0_not_less()
    {
        // Ruling: each die regains at least 0 (the PHB's later printings: "equal to the total (minimum of 0)").
        var state = Given.Character(20, level: 3, hitDie: HitDie.D6, constitution: -2).After(s => s.TakeDamage(10, DamageType.Slashing));

        var decision = state.SpendHitDice([1, 5]);

        Assert.Equal(3, Assert.IsType<HitDiceSpent>(Assert.Single(decision.Events)).HitPointsRestored);
    }

    [Fact]
    public void Given_a_nearly_full_character_When_hit_dice_are_spent_Then_hit_points_are_capped_at_the_maximum()
    {
        var state = Given.Character(10, level: 2, hitDie: HitDie.D8).After(s => s.TakeDamage(2, DamageType.Slashing));

        Assert.Equal(10, state.After(s => s.SpendHitDice([8])).CurrentHitPoints);
    }

    [Fact]
    public void Given_no_hit_dice_left_When_spending_Then_it_is_a_rule_error()
    {
        var state = Given.Character(10, level: 1, hitDie: HitDie.D8).After(s => s.SpendHitDice([4]));

        Assert.Equal("hit-dice.none-left", state.SpendHitDice([4]).Code());
    }

    [Fact]
    public void Given_two_hit_dice_left_When_three_are_spent_Then_it_is_a_rule_error()
    {
        Assert.Equal("hit-dice.not-enough", Given.Character(20, level: 2, hitDie: HitDie.D8).SpendHitDice([1, 2, 3]).Code());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(9)]
    public void Given_a_d8_When_a_roll_is_not_1_to_8_Then_it_is_a_rule_error(int roll)
    {
        Assert.Equal("hit-dice.roll", Given.Character(20, level: 2, hitDie: HitDie.D8).SpendHitDice([roll]).Code());
    }

    [Fact]
    public void Given_an_unknown_hit_die_When_spending_Then_it_is_a_rule_error()
    {
        Assert.Equal("hit-dice.unknown", Given.Character(20).SpendHitDice([3]).Code());
    }

    [Fact]
    public void Given_a_dying_character_When_spending_hit_dice_Then_it_cannot_rest_but_a_stable_one_can_and_wakes()
    {
        var dying = Given.Events(Given.Created(8, level: 2, hitDie: HitDie.D8)).After(s => s.TakeDamage(8, DamageType.Slashing));
        var stable = dying.After(s => s.Stabilize(StabilizationMethod.HealersKit));

        Assert.Equal("short-rest.dying", dying.SpendHitDice([3]).Code());
        Assert.Equal((Condition.Conscious, 3), (stable.After(s => s.SpendHitDice([3])).Condition, stable.After(s => s.SpendHitDice([3])).CurrentHitPoints));
    }
}
