namespace Domain;

/// <summary>The outcome of a decision: the events to append, or the rule that forbids the command.</summary>
public sealed class Decision
{
    private Decision(IReadOnlyList<CharacterEvent> events, DomainError? error)
    {
        Events = events;
        Error = error;
    }

    public IReadOnlyList<CharacterEvent> Events { get; }

    public DomainError? Error { get; }

    public bool IsAccepted => Error is null;

    public static Decision Accept(params CharacterEvent[] events) => new(events, null);

    public static Decision Reject(DomainError error) => new([], error);
}
