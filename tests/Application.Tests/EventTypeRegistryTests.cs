using System.Text.Json.Nodes;
using EventSourcing;
using Application.Events;
using Domain;

namespace Application.Tests;

public sealed class EventTypeRegistryTests
{
    private static readonly EventMetadata Metadata = new(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());

    private static EventEnvelope Stored(string type, int schemaVersion, string payload) =>
        new(Guid.NewGuid(), new StreamId("character", "x"), 0, type, schemaVersion, DateTimeOffset.UnixEpoch, payload, Metadata);

    [Fact]
    public void Given_every_character_event_When_encoded_and_decoded_Then_it_round_trips_under_its_versioned_name()
    {
        var registry = CharacterEventTypes.CreateRegistry();
        CharacterEvent[] events =
        [
            new CharacterCreated("Tordek", 8, [DamageType.Fire], [], [DamageType.Poison], 3, HitDie.D10, 2),
            new DamageTaken([new DamagePart(3, DamageType.Bludgeoning, 3), new DamagePart(5, DamageType.Fire, 2, DamageAdjustment.Resisted)], true, "bugbear", "a club", 5, 1, 4),
            new DeathSaveRecorded(DeathSaveOutcome.Failure, DeathSaveCause.Roll, 1, 2),
            new CharacterDied(DeathCause.HitPointMaximumReducedToZero),
            new Healed(5, 4, "Cure Wounds"),
            new TemporaryHitPointsGranted(6, "False Life", true, 6),
            new LongRestTaken(7, 1, 3),
            new CharacterRevived("Revivify", 1),
            new CharacterStabilized(StabilizationMethod.MedicineCheck, "Jozan", 12),
            new RecoveredFromStability(3),
            new HitDiceSpent([4, 7], 2, 15),
            new LevelGained(4, 8, 8),
            new ConstitutionModifierChanged(3, 4, 4),
            new MaximumHitPointsIncreased(5, "Aid"),
            new MaximumHitPointsIncreaseEnded("Aid", 5, 2),
            new MaximumHitPointsReduced(6, "wight", 0),
            new DefenseGained(Defense.Resistance, [DamageType.Bludgeoning, DamageType.Piercing, DamageType.Slashing], "rage"),
            new DefenseLost(Defense.Resistance, [DamageType.Slashing], "rage"),
        ];

        var types = new List<string>();
        foreach (var e in events)
        {
            var data = registry.Encode(e, Guid.NewGuid(), DateTimeOffset.UnixEpoch, Metadata);
            var decoded = registry.Decode(Stored(data.Type, data.SchemaVersion, data.Payload));

            types.Add(data.Type);
            Assert.Equal(JsonNode.Parse(data.Payload)!.ToJsonString(), JsonNode.Parse(registry.Encode(decoded, Guid.NewGuid(), DateTimeOffset.UnixEpoch, Metadata).Payload)!.ToJsonString());
        }

        Assert.Equal(
            [
                "character-created.v2", "damage-taken.v2", "death-save-recorded.v2", "character-died.v1", "healed.v2",
                "temporary-hit-points-granted.v2", "long-rest-taken.v2", "character-revived.v1", "character-stabilized.v1",
                "recovered-from-stability.v1", "hit-dice-spent.v1", "level-gained.v1", "constitution-modifier-changed.v1",
                "maximum-hit-points-increased.v1", "maximum-hit-points-increase-ended.v1", "maximum-hit-points-reduced.v1",
                "defense-gained.v1", "defense-lost.v1",
            ],
            types);
        Assert.Contains(
            "\"adjustment\":\"resisted\"", registry.Encode(events[1], Guid.NewGuid(), DateTimeOffset.UnixEpoch, Metadata).Payload, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(7, 7, "none")]
    [InlineData(7, 0, "immune")]
    [InlineData(7, 3, "resisted")]
    [InlineData(7, 14, "vulnerable")]
    [InlineData(7, 6, "resisted-and-vulnerable")]
    public void Given_a_v1_damage_When_decoded_Then_one_part_whose_adjustment_comes_from_amount_and_amount_applied(int amount, int applied, string adjustment)
    {
        var registry = CharacterEventTypes.CreateRegistry();
        var v1 = $$"""{"amount":{{amount}},"damageType":"fire","source":"imp","note":null,"amountApplied":{{applied}},"absorbedByTemporaryHitPoints":0,"hitPointsLost":{{applied}}}""";

        var damage = Assert.IsType<DamageTaken>(registry.Decode(Stored("damage-taken.v1", 1, v1)));

        var part = Assert.Single(damage.Parts);
        Assert.Equal((amount, DamageType.Fire, applied), (part.Amount, part.DamageType, part.AmountApplied));
        Assert.Equal(adjustment, JsonNode.Parse(registry.Encode(damage, Guid.NewGuid(), DateTimeOffset.UnixEpoch, Metadata).Payload)!["parts"]![0]!["adjustment"]!.GetValue<string>());
        Assert.Equal((false, "imp", applied, applied), (damage.Critical, damage.Source, damage.AmountApplied, damage.HitPointsLost));
    }

    [Fact]
    public void Given_an_unknown_type_name_When_decoded_Then_it_is_a_clear_error()
    {
        var registry = CharacterEventTypes.CreateRegistry();

        var error = Assert.Throws<UnknownEventTypeException>(() => registry.Decode(Stored("character-polymorphed.v1", 1, "{}")));

        Assert.Contains("character-polymorphed.v1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Given_an_old_schema_and_an_upcaster_When_decoded_Then_the_payload_is_upcast_to_the_current_event()
    {
        // Version 1 of "healed" stored only "hp"; version 2 is today's Healed(amount, hitPointsRestored).
        var registry = new EventTypeRegistry()
            .Bind<Healed>("healed", schemaVersion: 2)
            .AddUpcaster("healed", 1, old => new JsonObject { ["amount"] = old["hp"]!.GetValue<int>(), ["hitPointsRestored"] = old["hp"]!.GetValue<int>() });

        var decoded = registry.Decode(Stored("healed.v1", 1, """{"hp":4}"""));

        Assert.Equal(new Healed(4, 4), decoded);
    }

    [Fact]
    public void Given_an_old_schema_without_an_upcaster_When_decoded_Then_it_is_a_clear_error()
    {
        var registry = new EventTypeRegistry().Bind<Healed>("healed", schemaVersion: 2);

        Assert.Throws<UnknownEventTypeException>(() => registry.Decode(Stored("healed.v1", 1, """{"hp":4}""")));
    }

    [Fact]
    public void Given_a_schema_newer_than_this_build_When_decoded_Then_it_is_a_clear_error()
    {
        var registry = CharacterEventTypes.CreateRegistry();

        Assert.Throws<UnknownEventTypeException>(() => registry.Decode(Stored("healed.v9", 9, """{"amount":1,"hitPointsRestored":1}""")));
    }

    [Fact]
    public void Given_a_type_bound_twice_When_registering_Then_it_is_refused()
    {
        Assert.Throws<InvalidOperationException>(() => new EventTypeRegistry().Bind<Healed>("healed").Bind<Healed>("healed-again"));
    }
}
