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
        Assert.Equal(new DamagePart(2, DamageType.Slashing, 2), Assert.Single(goblin.Parts));
    }

    [Fact]
    public void Given_the_same_events_When_replayed_twice_Then_the_states_agree()
    {
        CharacterEvent[] events =
        [
            Given.Created(),
            new DamageTaken([new DamagePart(3, DamageType.Fire, 3)], false, null, null, 3, 0, 3),
            new TemporaryHitPointsGranted(4, null, false, 4),
        ];

        var first = CharacterHitPoints.Replay(events);
        var second = CharacterHitPoints.Replay(events);

        Assert.Equal((5, 4, 8), (first.CurrentHitPoints, first.TemporaryHitPoints, first.MaximumHitPoints));
        Assert.Equal((second.CurrentHitPoints, second.TemporaryHitPoints, second.MaximumHitPoints), (first.CurrentHitPoints, first.TemporaryHitPoints, first.MaximumHitPoints));
    }

    [Fact]
    public void Given_v1_events_without_the_new_fields_When_folded_Then_they_mean_what_they_meant()
    {
        // v1 TemporaryHitPointsGranted had no resulting value: the higher one was kept.
        var state = Given.Events(Given.Created(), new TemporaryHitPointsGranted(5), new TemporaryHitPointsGranted(3), new DeathSaveRecorded(DeathSaveOutcome.Failure, DeathSaveCause.Damage));

        Assert.Equal((5, 1), (state.TemporaryHitPoints, state.DeathSaveFailures));
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
        Assert.Equal([DamageType.Fire], state.Resistances);
        Assert.Equal([DamageType.Cold], state.Vulnerabilities);
        Assert.Equal([DamageType.Poison], state.Immunities);
        Assert.True(state.Exists);
        Assert.Equal(Condition.Conscious, state.Condition);
    }

    [Fact]
    public void Given_only_a_name_and_maximum_When_created_Then_it_is_level_1_with_an_unknown_hit_die_and_no_constitution_modifier()
    {
        var created = Assert.IsType<CharacterCreated>(Assert.Single(CharacterHitPoints.Create(CharacterHitPoints.Initial, "Tordek", 8).Events));

        Assert.Equal((1, (HitDie?)null, 0), (created.Level, created.HitDie, created.ConstitutionModifier));
    }

    [Fact]
    public void Given_a_level_hit_die_and_constitution_When_created_Then_the_character_has_that_many_hit_dice()
    {
        // SRD 5.1 Resting: "the character's maximum number of Hit Dice, which is equal to the character's level".
        var state = CharacterHitPoints.Initial.After(s => CharacterHitPoints.Create(s, "Tordek", 44, level: 5, hitDie: HitDie.D10, constitutionModifier: 2));

        Assert.Equal((5, HitDie.D10, 2, 5), (state.Level, state.HitDie, state.ConstitutionModifier, state.HitDiceLeft));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(21)]
    public void Given_a_level_outside_1_to_20_When_created_Then_it_is_a_rule_error(int level)
    {
        Assert.Equal("character.level", CharacterHitPoints.Create(CharacterHitPoints.Initial, "Tordek", 8, level: level).Code());
    }

    [Fact]
    public void Given_a_character_When_created_again_Then_it_is_a_domain_error()
    {
        var decision = CharacterHitPoints.Create(Given.Character(), "Tordek", 8);

        Assert.Equal("character.already-exists", decision.Code());
        Assert.Empty(decision.Events);
    }

    [Theory]
    [InlineData("", 8)]
    [InlineData("   ", 8)]
    [InlineData("Tordek", 0)]
    public void Given_input_no_validator_lets_through_When_created_Then_it_is_a_bug_not_a_result(string name, int maximum)
    {
        // Shape belongs to the application's validators; reaching the domain with it is a programming error.
        Assert.ThrowsAny<ArgumentException>(() => CharacterHitPoints.Create(CharacterHitPoints.Initial, name, maximum));
    }
}
