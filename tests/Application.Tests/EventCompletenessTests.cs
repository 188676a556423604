using System.Reflection;
using System.Text.Json;
using Adapters.InMemory;
using Domain;
using EventSourcing;
using Microsoft.Extensions.DependencyInjection;

namespace Application.Tests;

/// <summary>
/// A new event type cannot be half-wired: every event of every registered aggregate is bound to a stored name,
/// round-trips through JSON, is folded by its aggregate's Evolve, and (for characters) is described in the history.
/// </summary>
public sealed class EventCompletenessTests
{
    private static readonly ServiceProvider Services = new ServiceCollection().AddLogging().AddApplication().AddInMemoryEventStore().BuildServiceProvider();

    private static readonly EventTypeRegistry Registry = Services.GetRequiredService<EventTypeRegistry>();

    public static TheoryData<Type> EveryEventOfEveryAggregate() => [.. EventTypes()];

    private static List<Type> EventTypes() =>
        Services.GetServices<EventTypeRegistration>()
            .SelectMany(r => r.EventType.Assembly.GetTypes().Where(t => t is { IsAbstract: false, IsClass: true } && r.EventType.IsAssignableFrom(t)))
            .ToList();

    [Fact]
    public void Given_the_registered_aggregates_When_enumerated_Then_the_characters_and_all_their_events_are_there()
    {
        var types = EventTypes();

        Assert.Contains(typeof(DamageTaken), types);
        Assert.True(types.Count >= 18, $"{types.Count} character events found.");
    }

    [Theory]
    [MemberData(nameof(EveryEventOfEveryAggregate))]
    public void Given_an_event_type_When_checked_Then_it_is_bound_round_trips_and_is_folded_and_described(Type eventType)
    {
        var sample = Sample(eventType);

        Assert.NotNull(Registry.NameOf(eventType));
        var data = Registry.Encode(sample, Guid.NewGuid(), DateTimeOffset.UnixEpoch, new EventMetadata(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid()));
        var back = Registry.Decode(new EventEnvelope(data.EventId, new StreamId("character", "x"), 1, data.Type, data.SchemaVersion, data.Timestamp, data.Payload, data.Metadata));
        Assert.Equal(JsonSerializer.Serialize(sample, eventType, EventTypeRegistry.JsonOptions), JsonSerializer.Serialize(back, eventType, EventTypeRegistry.JsonOptions));

        if (sample is CharacterEvent character)
        {
            var created = CharacterHitPoints.Replay([new CharacterCreated("Tordek", 12, [], [], [], 3, HitDie.D10, 1)]);
            var unknown = Record.Exception(() => CharacterHitPoints.Evolve(created, character));
            Assert.False(unknown is ArgumentOutOfRangeException { ParamName: "event" }, $"Evolve does not fold {eventType.Name}.");
            var text = CharacterLog.Describe(character);
            Assert.False(string.IsNullOrWhiteSpace(text));
            Assert.NotEqual(eventType.Name, text);
        }
    }

    /// <summary>An instance with a plausible value in every constructor parameter.</summary>
    private static object Sample(Type type)
    {
        var constructor = type.GetConstructors(BindingFlags.Public | BindingFlags.Instance).OrderByDescending(c => c.GetParameters().Length).First();
        return constructor.Invoke(constructor.GetParameters().Select(p => Value(p.ParameterType)).ToArray());
    }

    private static object? Value(Type type)
    {
        if (Nullable.GetUnderlyingType(type) is { } inner)
        {
            return Value(inner);
        }

        if (type == typeof(string))
        {
            return "goblin";
        }

        if (type == typeof(int) || type == typeof(long))
        {
            return Convert.ChangeType(1, type, System.Globalization.CultureInfo.InvariantCulture);
        }

        if (type == typeof(bool))
        {
            return false;
        }

        if (type.IsEnum)
        {
            return Enum.GetValues(type).GetValue(0);
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() is { } generic
            && (generic == typeof(IReadOnlyList<>) || generic == typeof(IEnumerable<>) || generic == typeof(IReadOnlyCollection<>)))
        {
            var element = type.GetGenericArguments()[0];
            var array = Array.CreateInstance(element, 1);
            array.SetValue(Value(element), 0);
            return array;
        }

        if (type.IsArray)
        {
            var array = Array.CreateInstance(type.GetElementType()!, 1);
            array.SetValue(Value(type.GetElementType()!), 0);
            return array;
        }

        return type.IsClass ? Sample(type) : Activator.CreateInstance(type);
    }
}
