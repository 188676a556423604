using System.Text.Json;

namespace EventSourcing;

/// <summary>
/// A read model kept per stream of one category: a row of JSON state folded from the stream's events. The feed
/// processor applies each event once, in version order, and the row records the last version it holds.
/// </summary>
public sealed class ProjectionDefinition
{
    public ProjectionDefinition(string name, string category, Func<string?, EventEnvelope, string> apply)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (name.Any(c => !char.IsAsciiLetterOrDigit(c) && c != '-'))
        {
            throw new ArgumentException("A projection name is ASCII letters, digits and '-'.", nameof(name));
        }

        _ = new StreamId(category, "x");
        Name = name;
        Category = category;
        Apply = apply ?? throw new ArgumentNullException(nameof(apply));
    }

    public string Name { get; }

    public string Category { get; }

    /// <summary>(the row's state, or null before the stream's first event; the event) -> the new state.</summary>
    public Func<string?, EventEnvelope, string> Apply { get; }

    /// <summary>
    /// The row state of a whole stream, folded from its events from the start: what the row must equal
    /// (<c>hp projections verify</c> compares the two).
    /// </summary>
    public string? Replay(IEnumerable<EventEnvelope> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        string? data = null;
        foreach (var e in events)
        {
            data = Apply(data, e);
        }

        return data;
    }

    /// <summary>
    /// A projection whose row is an aggregate's folded state mapped to a view: the state is decoded, folded with the
    /// aggregate's own <c>Evolve</c>, and stored with its view, so the row and a replay can be compared exactly.
    /// </summary>
    public static ProjectionDefinition FromAggregate<TState, TEvent, TView>(
        string name,
        AggregateDefinition<TState, TEvent> aggregate,
        EventTypeRegistry registry,
        Func<TState, EventEnvelope, TView> view)
        where TState : notnull
        where TEvent : notnull
    {
        ArgumentNullException.ThrowIfNull(aggregate);
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(view);
        var json = EventTypeRegistry.JsonOptions;
        return new ProjectionDefinition(name, aggregate.Category, (data, e) =>
        {
            var state = data is null
                ? aggregate.Initial
                : aggregate.Snapshots.Deserialize(JsonDocument.Parse(data).RootElement.GetProperty("state").GetRawText());
            state = aggregate.Evolve(state, (TEvent)registry.Decode(e));
            var row = new Dictionary<string, object?>
            {
                ["view"] = view(state, e),
                ["state"] = JsonDocument.Parse(aggregate.Snapshots.Serialize(state)).RootElement,
            };
            return JsonSerializer.Serialize(row, json);
        });
    }
}
