namespace Domain;

/// <summary>The outcome of a decision: the events to append, or the rule that forbids the command.</summary>
/// <typeparam name="TEvent">The aggregate's closed event hierarchy.</typeparam>
public sealed class Decision<TEvent>
{
    private Decision(IReadOnlyList<TEvent> events, DomainError? error)
    {
        Events = events;
        Error = error;
    }

    public IReadOnlyList<TEvent> Events { get; }

    public DomainError? Error { get; }

    public bool IsAccepted => Error is null;

    public static Decision<TEvent> Accept(params TEvent[] events) => new(events, null);

    public static Decision<TEvent> Reject(DomainError error) => new([], error ?? throw new ArgumentNullException(nameof(error)));
}
