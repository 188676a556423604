namespace Domain;

/// <summary>The refusals of the encounter's rules, each with a stable code (all listed in docs/rules.md).</summary>
public static class EncounterErrors
{
    public static DomainError AlreadyExists() =>
        DomainError.Rule("encounter.already-exists", "The encounter already exists.");

    public static DomainError DoesNotExist() =>
        DomainError.NotFound("encounter.does-not-exist", "The encounter does not exist.");

    public static DomainError Ended() =>
        DomainError.Rule("encounter.ended", "The encounter has ended.");

    public static DomainError NoCombatants() =>
        DomainError.Rule("encounter.no-combatants", "An encounter needs at least one combatant.");

    public static DomainError DuplicateCombatant(string id) =>
        DomainError.Rule("encounter.duplicate-combatant", $"'{id}' is already a combatant of this encounter.");

    public static DomainError NotACombatant(string id) =>
        DomainError.Rule("encounter.not-a-combatant", $"'{id}' is not a combatant of this encounter.");

    public static DomainError NotACharacter(string id) =>
        DomainError.Rule("encounter.not-a-character", $"'{id}' is a creature without hit points on record; only characters can be targeted.");

    public static DomainError InitiativeMissing(IEnumerable<string> ids) =>
        DomainError.Rule("encounter.initiative-missing", $"Every combatant needs an initiative before turns start; missing: {string.Join(", ", ids)}.");

    public static DomainError InitiativeLocked(string id) =>
        DomainError.Rule("encounter.initiative-locked", $"Turns have started: '{id}' keeps its place (the initiative order stays the same from round to round).");

    public static DomainError InitiativeRequired() =>
        DomainError.Rule("encounter.initiative-required", "Turns have started: a combatant who joins now needs an initiative roll.");
}
