namespace Domain;

/// <summary>Builds decisions; a generic type's own static factories would need the event type spelled at every call.</summary>
public static class Decision
{
    public static Decision<TEvent> Accept<TEvent>(params TEvent[] events) => new(events, null);

    public static Decision<TEvent> Reject<TEvent>(DomainError error) => new([], error ?? throw new ArgumentNullException(nameof(error)));
}

/// <summary>The outcome of a decision: the events to append, or the rule that forbids the command.</summary>
/// <typeparam name="TEvent">The aggregate's closed event hierarchy.</typeparam>
public sealed class Decision<TEvent>
{
    internal Decision(IReadOnlyList<TEvent> events, DomainError? error)
    {
        Events = events;
        Error = error;
    }

    public IReadOnlyList<TEvent> Events { get; }

    public DomainError? Error { get; }

    public bool IsAccepted => Error is null;
}
