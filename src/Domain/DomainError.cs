namespace Domain;

/// <summary>A broken game rule: the command is well-formed but the rules forbid it in the current state.</summary>
public sealed record DomainError(string Code, string Message)
{
    public static DomainError AlreadyExists() =>
        new("character.already-exists", "The character already exists.");

    public static DomainError DoesNotExist() =>
        new("character.does-not-exist", "The character does not exist.");

    public static DomainError IsDead(string action) =>
        new("character.dead", $"A dead character cannot {action}.");

    public static DomainError Invalid(string code, string message) => new(code, message);
}
