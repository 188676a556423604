namespace Domain.Tests;

/// <summary>SRD 5.1 Combat, "Healing" and "Temporary Hit Points".</summary>
public sealed class HealingRulesTests
{
    [Fact]
    public void Given_a_wounded_character_When_healed_beyond_the_maximum_Then_hit_points_are_capped_and_the_source_is_recorded()
    {
        // SRD 5.1 Healing: "A creature can't regain more hit points than its hit point maximum".
        var state = Given.Character(8).After(s => s.TakeDamage(5, DamageType.Fire));

        var decision = state.Heal(20, "potion of healing");

        Assert.Equal(new Healed(20, 5, "potion of healing"), Assert.Single(decision.Events));
        Assert.Equal(8, state.Then(decision).CurrentHitPoints);
    }

    [Fact]
    public void Given_an_unconscious_character_with_saves_When_healed_Then_it_is_conscious_and_the_saves_reset()
    {
        // SRD 5.1 Falling Unconscious: "This unconsciousness ends if you regain any hit points."
        var state = Given.Unconscious().After(s => s.RecordDeathSave(5)).After(s => s.RecordDeathSave(15));

        var after = state.After(s => s.Heal(1, "Cure Wounds"));

        Assert.Equal((Condition.Conscious, 1, 0, 0), (after.Condition, after.CurrentHitPoints, after.DeathSaveSuccesses, after.DeathSaveFailures));
    }

    [Fact]
    public void Given_spent_temporary_hit_points_When_healed_Then_they_are_not_restored()
    {
        // SRD 5.1 Temporary Hit Points: "Healing can't restore temporary hit points".
        var state = Given.Character(10).After(s => s.GrantTemporaryHitPoints(5)).After(s => s.TakeDamage(7, DamageType.Slashing));

        var after = state.After(s => s.Heal(10));

        Assert.Equal((10, 0), (after.CurrentHitPoints, after.TemporaryHitPoints));
    }

    [Fact]
    public void Given_a_dead_character_When_healed_Then_it_is_a_domain_error()
    {
        // SRD 5.1: "A creature that has died can't regain hit points until magic such as the revivify spell has restored it to life."
        var decision = Given.Dead().Heal(5);

        Assert.Equal("character.dead", decision.Code());
        Assert.Empty(decision.Events);
    }
}

public sealed class TemporaryHitPointRulesTests
{
    [Fact]
    public void Given_5_temporary_hit_points_When_3_are_offered_Then_5_are_kept_and_the_event_says_so()
    {
        // SRD 5.1: "they can't be added together ... you decide whether to keep the ones you have or to gain the new ones".
        var state = Given.Character().After(s => s.GrantTemporaryHitPoints(5));

        var decision = state.GrantTemporaryHitPoints(3, "False Life");

        Assert.Equal(new TemporaryHitPointsGranted(3, "False Life", false, 5), Assert.Single(decision.Events));
        Assert.Equal(5, state.Then(decision).TemporaryHitPoints);
        Assert.Equal(7, state.After(s => s.GrantTemporaryHitPoints(7)).TemporaryHitPoints);
    }

    [Fact]
    public void Given_5_temporary_hit_points_When_the_player_chooses_to_replace_them_with_3_Then_the_character_has_3()
    {
        var state = Given.Character().After(s => s.GrantTemporaryHitPoints(5));

        var decision = state.GrantTemporaryHitPoints(3, "Heroism", replace: true);

        Assert.Equal(new TemporaryHitPointsGranted(3, "Heroism", true, 3), Assert.Single(decision.Events));
        Assert.Equal(3, state.Then(decision).TemporaryHitPoints);
    }

    [Fact]
    public void Given_temporary_hit_points_at_zero_hit_points_When_granted_Then_the_character_does_not_wake()
    {
        // SRD 5.1: temporary hit points are not healing; "this unconsciousness ends if you regain any hit points".
        var after = Given.Unconscious().After(s => s.GrantTemporaryHitPoints(5));

        Assert.Equal((Condition.Unconscious, 5), (after.Condition, after.TemporaryHitPoints));
    }

    [Fact]
    public void Given_a_dead_character_When_granted_temporary_hit_points_Then_it_is_a_domain_error()
    {
        Assert.Equal("character.dead", Given.Dead().GrantTemporaryHitPoints(5).Code());
    }
}
