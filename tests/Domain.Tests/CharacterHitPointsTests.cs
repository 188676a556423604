namespace Domain.Tests;

public sealed class CharacterHitPointsTests
{
    [Fact]
    public void Given_the_reference_scenario_When_folded_Then_the_character_has_3_HP_after_three_events()
    {
        var decisions = new List<CharacterEvent>();
        var state = CharacterHitPoints.Initial;
        foreach (var decide in new Func<CharacterHitPoints, Decision<CharacterEvent>>[]
        {
            s => CharacterHitPoints.Create(s, "Tordek", 8),
            s => s.TakeDamage(2, DamageType.Slashing, "goblin"),
            s => s.TakeDamage(3, DamageType.Bludgeoning, "bugbear"),
        })
        {
            var decision = decide(state);
            decisions.AddRange(decision.Events);
            state = state.Then(decision);
        }

        Assert.Equal(3, state.CurrentHitPoints);
        Assert.Equal(8, state.MaximumHitPoints);
        Assert.Equal(3, decisions.Count);
        Assert.Equal(Condition.Conscious, state.Condition);
        var goblin = Assert.IsType<DamageTaken>(decisions[1]);
        Assert.Equal(("goblin", 2, 2), (goblin.Source, goblin.Amount, goblin.AmountApplied));
    }

    [Fact]
    public void Given_the_same_events_When_replayed_twice_Then_the_states_are_equal()
    {
        CharacterEvent[] events = [Given.Created(), new DamageTaken(3, DamageType.Fire, null, null, 3, 0, 3), new TemporaryHitPointsGranted(4)];

        var first = CharacterHitPoints.Replay(events);
        var second = CharacterHitPoints.Replay(events);

        Assert.Equal(first with { Resistances = [], Vulnerabilities = [], Immunities = [] }, second with { Resistances = [], Vulnerabilities = [], Immunities = [] });
        Assert.Equal((5, 4), (first.CurrentHitPoints, first.TemporaryHitPoints));
    }
}

public sealed class CreatingACharacterTests
{
    [Fact]
    public void Given_no_character_When_created_Then_it_starts_at_full_hit_points()
    {
        var decision = CharacterHitPoints.Create(CharacterHitPoints.Initial, "  Tordek  ", 12, [DamageType.Fire, DamageType.Fire], [DamageType.Cold], [DamageType.Poison]);

        var created = Assert.IsType<CharacterCreated>(Assert.Single(decision.Events));
        var state = CharacterHitPoints.Initial.Then(decision);
        Assert.Equal("Tordek", created.Name);
        Assert.Equal([DamageType.Fire], created.Resistances);
        Assert.Equal((12, 12, 0), (state.CurrentHitPoints, state.MaximumHitPoints, state.TemporaryHitPoints));
        Assert.True(state.Exists);
        Assert.Equal(Condition.Conscious, state.Condition);
    }

    [Fact]
    public void Given_a_character_When_created_again_Then_it_is_a_domain_error()
    {
        var decision = CharacterHitPoints.Create(Given.Character(), "Tordek", 8);

        Assert.Equal("character.already-exists", decision.Error?.Code);
        Assert.Empty(decision.Events);
    }

    [Theory]
    [InlineData("", 8)]
    [InlineData("   ", 8)]
    [InlineData("Tordek", 0)]
    [InlineData("Tordek", 1001)]
    public void Given_bad_input_When_created_Then_it_is_rejected(string name, int maximum)
    {
        Assert.False(CharacterHitPoints.Create(CharacterHitPoints.Initial, name, maximum).IsAccepted);
    }

    [Fact]
    public void Given_the_bounds_When_created_Then_100_characters_and_1_to_1000_HP_are_accepted_and_101_is_not()
    {
        Assert.True(CharacterHitPoints.Create(CharacterHitPoints.Initial, new string('a', 100), 1).IsAccepted);
        Assert.True(CharacterHitPoints.Create(CharacterHitPoints.Initial, " " + new string('a', 100) + " ", 1000).IsAccepted);
        Assert.False(CharacterHitPoints.Create(CharacterHitPoints.Initial, new string('a', 101), 8).IsAccepted);
    }
}

public sealed class DamageTests
{
    [Fact]
    public void Given_immunity_When_damaged_Then_no_damage_is_applied()
    {
        var decision = Given.Character(immune: [DamageType.Poison]).TakeDamage(7, DamageType.Poison);

        var damage = Assert.IsType<DamageTaken>(Assert.Single(decision.Events));
        Assert.Equal((7, 0, 0), (damage.Amount, damage.AmountApplied, damage.HitPointsLost));
    }

    [Theory]
    [InlineData(5, 2)]
    [InlineData(1, 0)]
    [InlineData(6, 3)]
    public void Given_resistance_When_damaged_Then_the_damage_is_halved_rounded_down(int amount, int applied)
    {
        var damage = Assert.IsType<DamageTaken>(Assert.Single(Given.Character(20, resist: [DamageType.Fire]).TakeDamage(amount, DamageType.Fire).Events));

        Assert.Equal(applied, damage.AmountApplied);
    }

    [Fact]
    public void Given_vulnerability_When_damaged_Then_the_damage_is_doubled()
    {
        var state = Given.Character(20, vulnerable: [DamageType.Cold]);

        var after = state.Then(state.TakeDamage(3, DamageType.Cold));

        Assert.Equal(14, after.CurrentHitPoints);
    }

    [Fact]
    public void Given_resistance_and_vulnerability_When_damaged_Then_it_is_halved_then_doubled()
    {
        var damage = Assert.IsType<DamageTaken>(Assert.Single(
            Given.Character(20, resist: [DamageType.Fire], vulnerable: [DamageType.Fire]).TakeDamage(5, DamageType.Fire).Events));

        Assert.Equal(4, damage.AmountApplied);
    }

    [Fact]
    public void Given_immunity_and_vulnerability_When_damaged_Then_immunity_wins()
    {
        var damage = Assert.IsType<DamageTaken>(Assert.Single(
            Given.Character(20, vulnerable: [DamageType.Acid], immune: [DamageType.Acid]).TakeDamage(5, DamageType.Acid).Events));

        Assert.Equal(0, damage.AmountApplied);
    }

    [Fact]
    public void Given_a_type_without_defences_When_damaged_Then_the_full_amount_lands()
    {
        var damage = Assert.IsType<DamageTaken>(Assert.Single(
            Given.Character(20, resist: [DamageType.Fire]).TakeDamage(5, DamageType.Cold).Events));

        Assert.Equal(5, damage.AmountApplied);
    }

    [Fact]
    public void Given_temporary_hit_points_When_damaged_Then_they_absorb_the_damage_first()
    {
        var state = Given.Character(10).Then(Given.Character(10).GrantTemporaryHitPoints(3));

        var decision = state.TakeDamage(5, DamageType.Piercing);
        var after = state.Then(decision);

        var damage = Assert.IsType<DamageTaken>(Assert.Single(decision.Events));
        Assert.Equal((3, 2), (damage.AbsorbedByTemporaryHitPoints, damage.HitPointsLost));
        Assert.Equal((8, 0), (after.CurrentHitPoints, after.TemporaryHitPoints));
    }

    [Fact]
    public void Given_temporary_hit_points_larger_than_the_damage_When_damaged_Then_hit_points_are_untouched()
    {
        var state = Given.Character(10).Then(Given.Character(10).GrantTemporaryHitPoints(8));

        var after = state.Then(state.TakeDamage(5, DamageType.Piercing));

        Assert.Equal((10, 3), (after.CurrentHitPoints, after.TemporaryHitPoints));
    }

    [Fact]
    public void Given_damage_beyond_current_hit_points_When_damaged_Then_hit_points_stop_at_zero_and_the_character_falls_unconscious()
    {
        var state = Given.Character(8);

        var after = state.Then(state.TakeDamage(10, DamageType.Slashing));

        Assert.Equal(0, after.CurrentHitPoints);
        Assert.Equal(Condition.Unconscious, after.Condition);
    }

    [Fact]
    public void Given_damage_whose_leftover_equals_the_maximum_When_damaged_Then_the_character_dies_at_once()
    {
        // 3 HP left of 8: 11 damage leaves 8 over, exactly the maximum.
        var state = Given.Character(8);
        state = state.Then(state.TakeDamage(5, DamageType.Slashing));

        var decision = state.TakeDamage(11, DamageType.Slashing);
        var after = state.Then(decision);

        Assert.Equal(new CharacterDied(DeathCause.MassiveDamage), decision.Events[^1]);
        Assert.Equal(Condition.Dead, after.Condition);
    }

    [Fact]
    public void Given_damage_whose_leftover_is_one_below_the_maximum_When_damaged_Then_the_character_is_only_unconscious()
    {
        var state = Given.Character(8);
        state = state.Then(state.TakeDamage(5, DamageType.Slashing));

        var after = state.Then(state.TakeDamage(10, DamageType.Slashing));

        Assert.Equal(Condition.Unconscious, after.Condition);
    }

    [Fact]
    public void Given_temporary_hit_points_When_massive_damage_is_checked_Then_only_damage_past_them_counts()
    {
        var state = Given.Character(8).Then(Given.Character(8).GrantTemporaryHitPoints(5));

        var after = state.Then(state.TakeDamage(20, DamageType.Force));

        Assert.Equal(Condition.Unconscious, after.Condition);
    }

    [Fact]
    public void Given_an_unconscious_character_When_damaged_Then_it_counts_as_a_failed_death_save()
    {
        var state = Given.Unconscious();

        var decision = state.TakeDamage(1, DamageType.Slashing);
        var after = state.Then(decision);

        Assert.Equal(new DeathSaveRecorded(DeathSaveOutcome.Failure, DeathSaveCause.Damage), decision.Events[^1]);
        Assert.Equal((0, 1), (after.CurrentHitPoints, after.DeathSaveFailures));
    }

    [Fact]
    public void Given_two_failed_saves_When_damaged_at_zero_Then_the_character_dies()
    {
        var state = Given.Unconscious();
        state = state.Then(state.RecordDeathSave(DeathSaveOutcome.Failure));
        state = state.Then(state.RecordDeathSave(DeathSaveOutcome.Failure));

        var decision = state.TakeDamage(1, DamageType.Slashing);

        Assert.Equal(new CharacterDied(DeathCause.FailedDeathSaves), decision.Events[^1]);
        Assert.Equal(Condition.Dead, state.Then(decision).Condition);
    }

    [Fact]
    public void Given_an_unconscious_character_When_damage_reaches_the_maximum_Then_the_character_dies_at_once()
    {
        var state = Given.Unconscious(8);

        var decision = state.TakeDamage(8, DamageType.Necrotic);

        Assert.Equal([typeof(DamageTaken), typeof(CharacterDied)], decision.Events.Select(e => e.GetType()));
    }

    [Fact]
    public void Given_an_unconscious_character_with_temporary_hit_points_When_they_absorb_all_the_damage_Then_no_save_fails()
    {
        var state = Given.Unconscious();
        state = state.Then(state.GrantTemporaryHitPoints(5));

        var decision = state.TakeDamage(3, DamageType.Slashing);

        Assert.Single(decision.Events);
        Assert.Equal(0, state.Then(decision).DeathSaveFailures);
    }

    [Fact]
    public void Given_an_immune_unconscious_character_When_damaged_Then_no_save_fails()
    {
        var state = Given.Unconscious(8);
        var immune = Given.Character(8, immune: [DamageType.Poison]);
        immune = immune.Then(immune.TakeDamage(8, DamageType.Slashing));

        Assert.Single(immune.TakeDamage(3, DamageType.Poison).Events);
        Assert.Equal(2, state.TakeDamage(3, DamageType.Poison).Events.Count);
    }

    [Fact]
    public void Given_a_stable_character_When_damaged_Then_it_starts_dying_again_with_one_failure()
    {
        var state = Given.Unconscious();
        for (var i = 0; i < 3; i++)
        {
            state = state.Then(state.RecordDeathSave(DeathSaveOutcome.Success));
        }

        Assert.Equal(Condition.Stable, state.Condition);
        var after = state.Then(state.TakeDamage(1, DamageType.Slashing));

        Assert.Equal(Condition.Unconscious, after.Condition);
        Assert.Equal((0, 1), (after.DeathSaveSuccesses, after.DeathSaveFailures));
    }

    [Fact]
    public void Given_two_failures_then_three_successes_When_damaged_Then_the_counts_had_reset_and_the_character_is_dying_not_dead()
    {
        var state = Given.Unconscious();
        foreach (var outcome in new[] { DeathSaveOutcome.Failure, DeathSaveOutcome.Failure, DeathSaveOutcome.Success, DeathSaveOutcome.Success, DeathSaveOutcome.Success })
        {
            state = state.Then(state.RecordDeathSave(outcome));
        }

        Assert.Equal((Condition.Stable, 0, 0), (state.Condition, state.DeathSaveSuccesses, state.DeathSaveFailures));
        var after = state.Then(state.TakeDamage(1, DamageType.Slashing));

        Assert.Equal((Condition.Unconscious, 0, 1), (after.Condition, after.DeathSaveSuccesses, after.DeathSaveFailures));
    }

    [Fact]
    public void Given_a_dead_character_When_damaged_Then_it_is_a_domain_error()
    {
        Assert.Equal("character.dead", Given.Dead().TakeDamage(1, DamageType.Fire).Error?.Code);
    }

    [Fact]
    public void Given_no_character_When_damaged_Then_it_does_not_exist()
    {
        Assert.Equal(CharacterErrors.DoesNotExist(), CharacterHitPoints.Initial.TakeDamage(1, DamageType.Fire).Error);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public void Given_a_non_positive_amount_When_damaged_Then_it_is_rejected(int amount)
    {
        Assert.False(Given.Character().TakeDamage(amount, DamageType.Fire).IsAccepted);
    }

    [Fact]
    public void Given_a_note_When_damaged_Then_500_characters_pass_and_501_do_not()
    {
        Assert.True(Given.Character().TakeDamage(1, DamageType.Fire, "goblin", new string('n', 500)).IsAccepted);
        Assert.False(Given.Character().TakeDamage(1, DamageType.Fire, "goblin", new string('n', 501)).IsAccepted);
    }

    [Fact]
    public void Given_every_rules_damage_type_When_damaged_Then_all_thirteen_are_known()
    {
        Assert.Equal(13, Enum.GetValues<DamageType>().Length);
        Assert.False(Given.Character().TakeDamage(1, (DamageType)13).IsAccepted);
    }
}

public sealed class DeathSaveTests
{
    [Fact]
    public void Given_a_conscious_character_When_a_death_save_is_recorded_Then_it_is_a_domain_error()
    {
        Assert.Equal("character.not-dying", Given.Character().RecordDeathSave(DeathSaveOutcome.Success).Error?.Code);
    }

    [Fact]
    public void Given_an_unconscious_character_When_three_saves_succeed_Then_it_is_stable()
    {
        var state = Given.Unconscious();
        for (var i = 0; i < 3; i++)
        {
            state = state.Then(state.RecordDeathSave(DeathSaveOutcome.Success));
        }

        Assert.Equal(Condition.Stable, state.Condition);
        Assert.Equal("character.stable", state.RecordDeathSave(DeathSaveOutcome.Success).Error?.Code);
    }

    [Fact]
    public void Given_an_unconscious_character_When_three_saves_fail_Then_it_is_dead()
    {
        var state = Given.Unconscious();
        state = state.Then(state.RecordDeathSave(DeathSaveOutcome.Failure));
        state = state.Then(state.RecordDeathSave(DeathSaveOutcome.Failure));

        var decision = state.RecordDeathSave(DeathSaveOutcome.Failure);

        Assert.Equal(new CharacterDied(DeathCause.FailedDeathSaves), decision.Events[^1]);
        Assert.Equal(Condition.Dead, state.Then(decision).Condition);
    }

    [Fact]
    public void Given_mixed_saves_When_two_succeed_and_two_fail_Then_the_character_is_still_unconscious()
    {
        var state = Given.Unconscious();
        foreach (var outcome in new[] { DeathSaveOutcome.Success, DeathSaveOutcome.Failure, DeathSaveOutcome.Success, DeathSaveOutcome.Failure })
        {
            state = state.Then(state.RecordDeathSave(outcome));
        }

        Assert.Equal((Condition.Unconscious, 2, 2), (state.Condition, state.DeathSaveSuccesses, state.DeathSaveFailures));
    }

    [Fact]
    public void Given_a_dead_character_When_a_death_save_is_recorded_Then_it_is_a_domain_error()
    {
        Assert.Equal("character.dead", Given.Dead().RecordDeathSave(DeathSaveOutcome.Success).Error?.Code);
    }
}

public sealed class HealingTests
{
    [Fact]
    public void Given_a_wounded_character_When_healed_beyond_the_maximum_Then_hit_points_are_capped()
    {
        var state = Given.Character(8);
        state = state.Then(state.TakeDamage(5, DamageType.Fire));

        var decision = state.Heal(20);

        Assert.Equal(new Healed(20, 5), Assert.Single(decision.Events));
        Assert.Equal(8, state.Then(decision).CurrentHitPoints);
    }

    [Fact]
    public void Given_an_unconscious_character_with_saves_When_healed_Then_it_is_conscious_and_the_saves_reset()
    {
        var state = Given.Unconscious();
        state = state.Then(state.RecordDeathSave(DeathSaveOutcome.Failure));
        state = state.Then(state.RecordDeathSave(DeathSaveOutcome.Success));

        var after = state.Then(state.Heal(1));

        Assert.Equal((Condition.Conscious, 1, 0, 0), (after.Condition, after.CurrentHitPoints, after.DeathSaveSuccesses, after.DeathSaveFailures));
    }

    [Fact]
    public void Given_a_dead_character_When_healed_Then_it_is_a_domain_error()
    {
        var decision = Given.Dead().Heal(5);

        Assert.Equal("character.dead", decision.Error?.Code);
        Assert.Empty(decision.Events);
    }

    [Fact]
    public void Given_a_zero_amount_When_healed_Then_it_is_rejected()
    {
        Assert.False(Given.Character().Heal(0).IsAccepted);
    }
}

public sealed class TemporaryHitPointsTests
{
    [Fact]
    public void Given_temporary_hit_points_When_more_are_granted_Then_the_higher_value_stays_and_they_do_not_stack()
    {
        var state = Given.Character();
        state = state.Then(state.GrantTemporaryHitPoints(5));

        var lower = state.Then(state.GrantTemporaryHitPoints(3));
        var higher = state.Then(state.GrantTemporaryHitPoints(7));

        Assert.Equal(5, lower.TemporaryHitPoints);
        Assert.Equal(7, higher.TemporaryHitPoints);
    }

    [Fact]
    public void Given_a_dead_character_When_granted_temporary_hit_points_Then_it_is_a_domain_error()
    {
        Assert.Equal("character.dead", Given.Dead().GrantTemporaryHitPoints(5).Error?.Code);
    }
}

public sealed class LongRestTests
{
    [Fact]
    public void Given_a_wounded_character_with_temporary_hit_points_When_resting_Then_hit_points_are_full_and_temporary_ones_gone()
    {
        var state = Given.Character(10);
        state = state.Then(state.GrantTemporaryHitPoints(4));
        state = state.Then(state.TakeDamage(9, DamageType.Fire));

        var decision = state.TakeLongRest();
        var after = state.Then(decision);

        Assert.Equal(new LongRestTaken(5), Assert.Single(decision.Events));
        Assert.Equal((10, 0), (after.CurrentHitPoints, after.TemporaryHitPoints));
    }

    [Fact]
    public void Given_a_stable_character_When_resting_Then_it_wakes_with_full_hit_points_and_no_saves()
    {
        var state = Given.Unconscious();
        for (var i = 0; i < 3; i++)
        {
            state = state.Then(state.RecordDeathSave(DeathSaveOutcome.Success));
        }

        var after = state.Then(state.TakeLongRest());

        Assert.Equal((Condition.Conscious, 8, 0, 0), (after.Condition, after.CurrentHitPoints, after.DeathSaveSuccesses, after.DeathSaveFailures));
    }

    [Fact]
    public void Given_a_dead_character_When_resting_Then_it_is_a_domain_error_and_it_stays_dead()
    {
        var decision = Given.Dead().TakeLongRest();

        Assert.Equal("character.dead", decision.Error?.Code);
        Assert.Empty(decision.Events);
    }
}
