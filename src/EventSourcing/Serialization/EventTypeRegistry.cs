using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace EventSourcing;

/// <summary>
/// Maps stable, versioned type names ("damage-taken.v1") to CLR types and back, so that renaming a class
/// never breaks stored data. Older schema versions are brought up to date by registered upcasters before
/// they are deserialized. An unknown type name is an error, never a silent skip.
/// </summary>
public sealed class EventTypeRegistry
{
    private readonly Dictionary<string, (Type Type, int SchemaVersion)> _byName = new(StringComparer.Ordinal);
    private readonly Dictionary<Type, (string Name, int SchemaVersion)> _byType = [];
    private readonly Dictionary<(string Name, int FromSchemaVersion), Func<JsonObject, JsonObject>> _upcasters = [];

    public static JsonSerializerOptions JsonOptions { get; } = CreateJsonOptions();

    /// <summary>
    /// The one JSON naming convention, for the stored events and for every front end that shows them (the API, the
    /// CLI's <c>--json</c>): camelCase property names (the web defaults) and enums as kebab-case-lower strings
    /// (<c>"massive-damage"</c>). Only naming: number handling, indenting and escaping stay each caller's own.
    /// </summary>
    /// <param name="options">Options to change, usually built from <see cref="JsonSerializerDefaults.Web"/>.</param>
    /// <param name="allowIntegerEnums">False for untrusted input: an enum sent as a number is then a wrong type.</param>
    public static JsonSerializerOptions ApplyNamingConvention(JsonSerializerOptions options, bool allowIntegerEnums = true)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerEnums));
        return options;
    }

    /// <summary>Binds <typeparamref name="TEvent"/> to the name <paramref name="name"/> at its current schema version.</summary>
    public EventTypeRegistry Bind<TEvent>(string name, int schemaVersion = 1)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentOutOfRangeException.ThrowIfLessThan(schemaVersion, 1);
        if (_byName.ContainsKey(name) || _byType.ContainsKey(typeof(TEvent)))
        {
            throw new InvalidOperationException($"'{name}' or {typeof(TEvent).Name} is bound twice.");
        }

        _byName[name] = (typeof(TEvent), schemaVersion);
        _byType[typeof(TEvent)] = (name, schemaVersion);
        return this;
    }

    /// <summary>Registers how to turn the payload of <paramref name="name"/> at <paramref name="fromSchemaVersion"/> into the next version.</summary>
    public EventTypeRegistry AddUpcaster(string name, int fromSchemaVersion, Func<JsonObject, JsonObject> upcast)
    {
        ArgumentNullException.ThrowIfNull(upcast);
        _upcasters[(name, fromSchemaVersion)] = upcast;
        return this;
    }

    public static string TypeName(string name, int schemaVersion) => $"{name}.v{schemaVersion}";

    /// <summary>Every bound event type with its current stored name ("damage-taken.v2"), for describing the events to others.</summary>
    public IReadOnlyDictionary<Type, string> EventTypes =>
        _byType.ToDictionary(b => b.Key, b => TypeName(b.Value.Name, b.Value.SchemaVersion));

    /// <summary>The stored name ("damage-taken.v2") of <paramref name="eventType"/>, or null when it is not bound.</summary>
    public string? NameOf(Type eventType)
    {
        ArgumentNullException.ThrowIfNull(eventType);
        return _byType.TryGetValue(eventType, out var binding) ? TypeName(binding.Name, binding.SchemaVersion) : null;
    }

    public EventData Encode(object @event, Guid eventId, DateTimeOffset timestamp, EventMetadata metadata)
    {
        ArgumentNullException.ThrowIfNull(@event);
        if (!_byType.TryGetValue(@event.GetType(), out var binding))
        {
            throw new UnknownEventTypeException($"{@event.GetType().Name} is not bound to a type name.");
        }

        var payload = JsonSerializer.Serialize(@event, @event.GetType(), JsonOptions);
        return new EventData(eventId, TypeName(binding.Name, binding.SchemaVersion), binding.SchemaVersion, timestamp, payload, metadata);
    }

    /// <summary>Deserializes an envelope's payload, upcasting older schema versions first.</summary>
    public object Decode(EventEnvelope envelope)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        var name = BaseName(envelope.Type, envelope.SchemaVersion);
        if (!_byName.TryGetValue(name, out var binding))
        {
            throw new UnknownEventTypeException(
                $"Event {envelope.StreamId}@{envelope.Version} has the unknown type '{envelope.Type}'.");
        }

        if (envelope.SchemaVersion == binding.SchemaVersion)
        {
            return JsonSerializer.Deserialize(envelope.Payload, binding.Type, JsonOptions)
                ?? throw new UnknownEventTypeException($"Event {envelope.StreamId}@{envelope.Version} has an empty payload.");
        }

        if (envelope.SchemaVersion > binding.SchemaVersion)
        {
            throw new UnknownEventTypeException(
                $"Event {envelope.StreamId}@{envelope.Version} is '{envelope.Type}', newer than this build knows (v{binding.SchemaVersion}).");
        }

        var json = JsonNode.Parse(envelope.Payload) as JsonObject
            ?? throw new UnknownEventTypeException($"Event {envelope.StreamId}@{envelope.Version} has a payload that is not a JSON object.");
        for (var version = envelope.SchemaVersion; version < binding.SchemaVersion; version++)
        {
            if (!_upcasters.TryGetValue((name, version), out var upcast))
            {
                throw new UnknownEventTypeException($"No upcaster turns '{TypeName(name, version)}' into v{version + 1}.");
            }

            json = upcast(json);
        }

        return json.Deserialize(binding.Type, JsonOptions)
            ?? throw new UnknownEventTypeException($"Event {envelope.StreamId}@{envelope.Version} upcast to nothing.");
    }

    private static string BaseName(string typeName, int schemaVersion)
    {
        var suffix = $".v{schemaVersion}";
        return typeName.EndsWith(suffix, StringComparison.Ordinal) ? typeName[..^suffix.Length] : typeName;
    }

    private static JsonSerializerOptions CreateJsonOptions()
    {
        var options = ApplyNamingConvention(new JsonSerializerOptions(JsonSerializerDefaults.Web));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}

/// <summary>A stored type name that this build cannot map to an event: a deployment or data fault, not a user error.</summary>
public sealed class UnknownEventTypeException : Exception
{
    public UnknownEventTypeException()
    {
    }

    public UnknownEventTypeException(string message)
        : base(message)
    {
    }

    public UnknownEventTypeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
