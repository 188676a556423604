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
            new CharacterCreated("Tordek", 8, [DamageType.Fire], [], [DamageType.Poison]),
            new DamageTaken([new DamagePart(3, DamageType.Bludgeoning, 3)], false, "bugbear", "a club", 3, 1, 2),
            new DeathSaveRecorded(DeathSaveOutcome.Failure, DeathSaveCause.Damage),
            new CharacterDied(DeathCause.MassiveDamage),
            new Healed(5, 4),
            new TemporaryHitPointsGranted(6),
            new LongRestTaken(7),
        ];

        foreach (var e in events)
        {
            var data = registry.Encode(e, Guid.NewGuid(), DateTimeOffset.UnixEpoch, Metadata);
            var decoded = registry.Decode(Stored(data.Type, data.SchemaVersion, data.Payload));

            Assert.EndsWith(".v1", data.Type, StringComparison.Ordinal);
            Assert.Equal(JsonNode.Parse(data.Payload)!.ToJsonString(), JsonNode.Parse(registry.Encode(decoded, Guid.NewGuid(), DateTimeOffset.UnixEpoch, Metadata).Payload)!.ToJsonString());
        }

        Assert.Equal("damage-taken.v1", registry.Encode(events[1], Guid.NewGuid(), DateTimeOffset.UnixEpoch, Metadata).Type);
        Assert.Contains("\"damageType\":\"bludgeoning\"", registry.Encode(events[1], Guid.NewGuid(), DateTimeOffset.UnixEpoch, Metadata).Payload, StringComparison.Ordinal);
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
