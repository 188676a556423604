namespace Domain;

/// <summary>What kind of refusal a <see cref="DomainError"/> is, so that callers never compare records to tell.</summary>
public enum DomainErrorKind
{
    /// <summary>The command is well-formed but the rules forbid it in the current state.</summary>
    RuleBroken,

    /// <summary>The command addresses something that does not exist.</summary>
    NotFound,
}

/// <summary>A refusal by the domain: a stable code (listed in the README), a message for people, and its kind.</summary>
public sealed record DomainError(string Code, string Message, DomainErrorKind Kind = DomainErrorKind.RuleBroken)
{
    public static DomainError NotFound(string code, string message) => new(code, message, DomainErrorKind.NotFound);

    public static DomainError Rule(string code, string message) => new(code, message);
}
