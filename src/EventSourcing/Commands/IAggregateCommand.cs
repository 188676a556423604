namespace EventSourcing;

/// <summary>What every command carries besides its own data. Use cases implement it on their request records.</summary>
public interface IAggregateCommand
{
    /// <summary>The id of the aggregate within its category (the stream is "category-id").</summary>
    string AggregateId { get; }

    /// <summary>
    /// Identifies the request across retries (an HTTP Idempotency-Key). A repeat of the same request is answered with
    /// the original outcome; the same id on another request is refused. Null: a fresh id, so no repeat is possible.
    /// </summary>
    Guid? CommandId { get; }

    /// <summary>The version the caller saw. When set, any other version is a conflict and nothing is retried.</summary>
    long? ExpectedVersion { get; }

    Guid? CorrelationId { get; }
}

/// <summary>A committed command: the aggregate and the version of the command's last event.</summary>
public sealed record CommandResult(string Id, long Version);

/// <summary>Builds command decisions: <c>CommandDecision.Accept(events)</c>, <c>CommandDecision.NotFound&lt;TEvent&gt;()</c>.</summary>
public static class CommandDecision
{
    public static CommandDecision<TEvent> Accept<TEvent>(IReadOnlyList<TEvent> events) =>
        new(events ?? throw new ArgumentNullException(nameof(events)), null, null, notFound: false);

    public static CommandDecision<TEvent> NotFound<TEvent>() => new([], null, null, notFound: true);

    public static CommandDecision<TEvent> BreaksRule<TEvent>(string code, string message) =>
        new([], code ?? throw new ArgumentNullException(nameof(code)), message, notFound: false);
}

/// <summary>What a decision came to, in the core's terms: the events to append, or why not.</summary>
/// <typeparam name="TEvent">The aggregate's event type.</typeparam>
public sealed class CommandDecision<TEvent>
{
    internal CommandDecision(IReadOnlyList<TEvent> events, string? ruleCode, string? ruleMessage, bool notFound)
    {
        Events = events;
        RuleCode = ruleCode;
        RuleMessage = ruleMessage;
        IsNotFound = notFound;
    }

    public IReadOnlyList<TEvent> Events { get; }

    public string? RuleCode { get; }

    public string? RuleMessage { get; }

    public bool IsNotFound { get; }
}
