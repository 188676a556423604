using EventSourcing;
using Application.Events;
using Domain;

namespace Application.Tests;

/// <summary>Builds stored envelopes of character events, as an adapter would return them.</summary>
internal static class Envelopes
{
    private static readonly EventTypeRegistry Registry = CharacterEventTypes.CreateRegistry();

    public static StreamId Stream(string id) => new("character", id);

    public static IReadOnlyList<EventEnvelope> Of(string characterId, params (CharacterEvent Event, Guid CommandId)[] events) =>
        events.Select((e, i) =>
        {
            var data = Registry.Encode(e.Event, Guid.NewGuid(), DateTimeOffset.UnixEpoch, new EventMetadata(e.CommandId, e.CommandId, e.CommandId));
            return new EventEnvelope(data.EventId, Stream(characterId), i, data.Type, data.SchemaVersion, data.Timestamp, data.Payload, data.Metadata);
        }).ToList();

    public static LoadedStream Loaded(string characterId, params (CharacterEvent Event, Guid CommandId)[] events)
    {
        var envelopes = Of(characterId, events);
        return new LoadedStream(Stream(characterId), envelopes.Count - 1, null, envelopes);
    }

    public static CharacterCreated Created(int maximumHitPoints = 8) => new("Tordek", maximumHitPoints, [], [], []);
}
