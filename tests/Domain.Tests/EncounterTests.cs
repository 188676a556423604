namespace Domain.Tests;

/// <summary>SRD 5.1 Combat, "The Order of Combat" and "Initiative": the encounter's turns, rounds and combatants.</summary>
public sealed class EncounterTests
{
    private static Encounter Started(params string[] characters) =>
        Encounter.Replay(Encounter.Start(Encounter.Initial, "Goblin ambush", [.. characters.Select(c => (c, c.ToUpperInvariant()))], ["goblin boss"]).Events);

    private static Encounter With(Encounter state, Decision<EncounterEvent> decision)
    {
        Assert.True(decision.IsAccepted, decision.Error?.Message);
        return decision.Events.Aggregate(state, Encounter.Evolve);
    }

    private static Encounter Rolled(Encounter state, params (string Id, int Total, int? Tie)[] rolls) =>
        With(state, state.RecordInitiative([.. rolls.Select(r => new InitiativeRoll(r.Id, r.Total, r.Tie))]));

    [Fact]
    public void Given_nothing_When_started_with_characters_and_a_creature_Then_the_creature_gets_an_id_from_its_name()
    {
        var started = Assert.IsType<EncounterStarted>(Assert.Single(Encounter.Start(Encounter.Initial, " Goblin ambush ", [("tordek", "Tordek")], ["Goblin Boss", "goblin boss"]).Events));

        Assert.Equal("Goblin ambush", started.Name);
        Assert.Equal(["tordek", "goblin-boss", "goblin-boss-2"], started.Combatants.Select(c => c.Id));
        Assert.Equal([CombatantKind.Character, CombatantKind.Creature, CombatantKind.Creature], started.Combatants.Select(c => c.Kind));
    }

    [Fact]
    public void Given_an_encounter_When_started_again_or_with_nobody_Then_refused()
    {
        Assert.Equal("encounter.already-exists", Encounter.Start(Started("tordek"), "again", [("mialee", "Mialee")]).Error?.Code);
        Assert.Equal("encounter.no-combatants", Encounter.Start(Encounter.Initial, "empty", []).Error?.Code);
        Assert.Equal("encounter.duplicate-combatant", Encounter.Start(Encounter.Initial, "twice", [("a", "A"), ("a", "A")]).Error?.Code);
    }

    [Fact]
    public void Given_rolls_When_ordered_Then_the_highest_total_goes_first()
    {
        // SRD 5.1 Initiative: "ranks the combatants in order from the one with the highest Dexterity check total to the one with the lowest".
        var state = Rolled(Started("tordek", "mialee"), ("tordek", 8, null), ("mialee", 17, null), ("goblin-boss", 12, null));

        Assert.Equal(["mialee", "goblin-boss", "tordek"], state.InitiativeOrder.Select(c => c.Id));
    }

    [Fact]
    public void Given_a_tie_When_ordered_Then_the_higher_tie_breaker_goes_first_then_the_combatant_listed_first()
    {
        // SRD 5.1 Initiative: "If a tie occurs, the DM decides the order ... Optionally, the DM can have the tied characters and
        // monsters each roll a d20 to determine the order, highest roll going first." Ruling: the roll-off if entered, else the DM's listing order.
        var noRollOff = Rolled(Started("tordek", "mialee"), ("tordek", 12, null), ("mialee", 12, null), ("goblin-boss", 12, null));
        var rollOff = Rolled(Started("tordek", "mialee"), ("tordek", 12, 3), ("mialee", 12, 19), ("goblin-boss", 12, null));

        Assert.Equal(["tordek", "mialee", "goblin-boss"], noRollOff.InitiativeOrder.Select(c => c.Id));
        Assert.Equal(["mialee", "tordek", "goblin-boss"], rollOff.InitiativeOrder.Select(c => c.Id));
    }

    [Fact]
    public void Given_initiative_When_turns_advance_Then_each_acts_in_order_and_the_round_counts_up_after_the_last()
    {
        var state = Rolled(Started("tordek", "mialee"), ("tordek", 8, null), ("mialee", 17, null), ("goblin-boss", 12, null));
        var seen = new List<(int, string?)>();
        for (var i = 0; i < 4; i++)
        {
            state = With(state, state.NextTurn());
            seen.Add((state.Round, state.CurrentCombatantId));
        }

        Assert.Equal([(1, "mialee"), (1, "goblin-boss"), (1, "tordek"), (2, "mialee")], seen);
    }

    [Fact]
    public void Given_a_combatant_without_initiative_When_the_first_turn_is_asked_Then_refused_naming_it()
    {
        var state = Rolled(Started("tordek"), ("tordek", 8, null));

        var error = state.NextTurn().Error;

        Assert.Equal("encounter.initiative-missing", error?.Code);
        Assert.Contains("goblin-boss", error?.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Given_turns_started_When_a_roll_is_entered_again_Then_refused_because_the_order_stays_the_same()
    {
        // SRD 5.1 Initiative: "The initiative order remains the same from round to round."
        var state = Rolled(Started("tordek"), ("tordek", 8, null), ("goblin-boss", 12, null));
        state = With(state, state.NextTurn());

        Assert.Equal("encounter.initiative-locked", state.RecordInitiative([new InitiativeRoll("tordek", 20)]).Error?.Code);
    }

    [Fact]
    public void Given_turns_started_When_a_combatant_joins_Then_it_needs_a_roll_and_takes_its_place_in_the_order()
    {
        var state = Rolled(Started("tordek"), ("tordek", 8, null), ("goblin-boss", 12, null));
        state = With(state, state.NextTurn()); // round 1: goblin boss

        Assert.Equal("encounter.initiative-required", state.AddCombatant("mialee", "Mialee", CombatantKind.Character, null).Error?.Code);
        state = With(state, state.AddCombatant("mialee", "Mialee", CombatantKind.Character, 10));
        state = With(state, state.NextTurn());
        Assert.Equal((1, "mialee"), (state.Round, state.CurrentCombatantId));
        state = With(state, state.NextTurn());
        Assert.Equal((1, "tordek"), (state.Round, state.CurrentCombatantId));
        Assert.Equal("encounter.duplicate-combatant", state.AddCombatant("mialee", "Mialee", CombatantKind.Character, 3).Error?.Code);
    }

    [Fact]
    public void Given_the_acting_combatant_When_removed_Then_nobody_acts_and_the_next_turn_follows_on_from_its_place()
    {
        var state = Rolled(Started("tordek", "mialee"), ("tordek", 8, null), ("mialee", 17, null), ("goblin-boss", 12, null));
        state = With(state, state.NextTurn());
        state = With(state, state.NextTurn()); // goblin boss acts

        state = With(state, state.RemoveCombatant("goblin-boss", "fled"));
        Assert.Null(state.CurrentCombatant);
        state = With(state, state.NextTurn());

        Assert.Equal((1, "tordek"), (state.Round, state.CurrentCombatantId));
        Assert.Equal("encounter.not-a-combatant", state.RemoveCombatant("goblin-boss").Error?.Code);
    }

    [Fact]
    public void Given_an_ended_encounter_When_anything_is_asked_Then_refused()
    {
        var state = Rolled(Started("tordek"), ("tordek", 8, null), ("goblin-boss", 12, null));
        state = With(state, state.End());

        Assert.True(state.Ended);
        Assert.Equal("encounter.ended", state.NextTurn().Error?.Code);
        Assert.Equal("encounter.ended", state.End().Error?.Code);
        Assert.Equal("encounter.ended", state.DealAreaDamage("fireball", 10, DamageType.Fire, 15, true, [("tordek", false)]).Error?.Code);
        Assert.Equal("encounter.does-not-exist", Encounter.Initial.NextTurn().Error?.Code);
        Assert.Equal(DomainErrorKind.NotFound, Encounter.Initial.NextTurn().Error?.Kind);
    }

    [Fact]
    public void Given_a_fireball_When_one_target_saves_Then_that_target_is_dealt_half_rounded_down_before_its_own_defences()
    {
        // SRD 5.1 Fireball: "8d6 fire damage on a failed save, or half as much damage on a successful one"; Damage Resistance:
        // "Resistance and then vulnerability are applied after all other modifiers to damage".
        var state = Started("tordek", "mialee");

        var dealt = Assert.IsType<AreaDamageDealt>(Assert.Single(state.DealAreaDamage("fireball", 27, DamageType.Fire, 15, true, [("tordek", false), ("mialee", true)]).Events));

        Assert.Equal([27, 13], dealt.Targets.Select(t => t.Amount));
        Assert.Equal(0, Encounter.AmountAfterSave(27, saved: true, halfOnSave: false));
        Assert.Equal(27, Encounter.AmountAfterSave(27, saved: null, halfOnSave: true));
    }

    [Fact]
    public void Given_an_area_blow_When_it_names_a_creature_or_a_stranger_Then_refused()
    {
        var state = Started("tordek");

        Assert.Equal("encounter.not-a-character", state.DealAreaDamage("fireball", 10, DamageType.Fire, 15, true, [("goblin-boss", false)]).Error?.Code);
        Assert.Equal("encounter.not-a-combatant", state.CastMassHealing("mass cure wounds", [("mialee", 5)]).Error?.Code);
    }
}
