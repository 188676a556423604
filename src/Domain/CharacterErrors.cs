namespace Domain;

/// <summary>The refusals every character decision shares.</summary>
public static class CharacterErrors
{
    public static DomainError AlreadyExists() =>
        DomainError.Rule("character.already-exists", "The character already exists.");

    public static DomainError DoesNotExist() =>
        DomainError.NotFound("character.does-not-exist", "The character does not exist.");

    public static DomainError IsDead(string action) =>
        DomainError.Rule("character.dead", $"A dead character cannot {action}.");
}
