namespace EventSourcing;

/// <summary>What every adapter checks before it writes a commit.</summary>
public static class CommitRules
{
    /// <summary>The most events one commit may hold (DynamoDB's transaction limit).</summary>
    public const int MaxEventsPerCommit = 100;

    public static void Validate(IReadOnlyList<EventData> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 0)
        {
            throw new ArgumentException("A commit holds at least one event.", nameof(events));
        }

        if (events.Count > MaxEventsPerCommit)
        {
            throw new CommitTooLargeException($"A commit holds at most {MaxEventsPerCommit} events; this one has {events.Count}.");
        }

        var commandId = events[0].Metadata.CommandId;
        if (events.Any(e => e.Metadata.CommandId != commandId))
        {
            throw new ArgumentException("All events of a commit come from one command.", nameof(events));
        }
    }
}
