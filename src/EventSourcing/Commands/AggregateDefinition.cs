using System.Text.Json;

namespace EventSourcing;

/// <summary>
/// Everything the generic command path needs to know about one aggregate: its category, its initial state, its fold,
/// its events' stored names and its snapshot's shape. Registered once with <c>AddAggregate</c>; nothing else is
/// written per aggregate but its domain and its use cases.
/// </summary>
/// <typeparam name="TState">The folded state, an immutable value.</typeparam>
/// <typeparam name="TEvent">The base type of the aggregate's events.</typeparam>
public sealed class AggregateDefinition<TState, TEvent>
    where TState : notnull
    where TEvent : notnull
{
    public AggregateDefinition(
        string category,
        TState initial,
        Func<TState, TEvent, TState> evolve,
        SnapshotCodec<TState> snapshots,
        Action<EventTypeRegistry> registerEvents)
    {
        _ = new StreamId(category, "x"); // the same rules as every stream's category
        Category = category;
        Initial = initial ?? throw new ArgumentNullException(nameof(initial));
        Evolve = evolve ?? throw new ArgumentNullException(nameof(evolve));
        Snapshots = snapshots ?? throw new ArgumentNullException(nameof(snapshots));
        RegisterEvents = registerEvents ?? throw new ArgumentNullException(nameof(registerEvents));
    }

    /// <summary>The stream category, a token without '-': streams are "category-id".</summary>
    public string Category { get; }

    public TState Initial { get; }

    public Func<TState, TEvent, TState> Evolve { get; }

    public SnapshotCodec<TState> Snapshots { get; }

    /// <summary>Binds the aggregate's events to their stored names (and registers upcasters).</summary>
    public Action<EventTypeRegistry> RegisterEvents { get; }

    public StreamId StreamIdFor(string id) => new(Category, id);
}

/// <summary>
/// How an aggregate's state is written into a snapshot. Bump <see cref="SchemaVersion"/> whenever the state changes
/// shape: a snapshot of another schema is ignored and the state is rebuilt from the events.
/// </summary>
public sealed record SnapshotCodec<TState>(int SchemaVersion, Func<TState, string> Serialize, Func<string, TState> Deserialize);

public static class SnapshotCodec
{
    /// <summary>A codec that writes the state as JSON with the registry's conventions.</summary>
    public static SnapshotCodec<TState> Json<TState>(int schemaVersion, JsonSerializerOptions? options = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(schemaVersion, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(schemaVersion, 9_999);
        var json = options ?? EventTypeRegistry.JsonOptions;
        return new SnapshotCodec<TState>(
            schemaVersion,
            state => JsonSerializer.Serialize(state, json),
            text => JsonSerializer.Deserialize<TState>(text, json) ?? throw new FormatException("The snapshot state is empty."));
    }
}
