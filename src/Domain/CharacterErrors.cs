namespace Domain;

/// <summary>The refusals of the character's rules, each with a stable code (all listed in docs/rules.md).</summary>
public static class CharacterErrors
{
    public static DomainError AlreadyExists() =>
        DomainError.Rule("character.already-exists", "The character already exists.");

    public static DomainError DoesNotExist() =>
        DomainError.NotFound("character.does-not-exist", "The character does not exist.");

    public static DomainError IsDead(string action) =>
        DomainError.Rule("character.dead", $"A dead character cannot {action}.");

    public static DomainError NotDead() =>
        DomainError.Rule("character.not-dead", "Only a dead character can be revived.");

    public static DomainError NotDying() =>
        DomainError.Rule("character.not-dying", "Only a dying character at 0 hit points makes death saves or can be stabilised.");

    public static DomainError Stable() =>
        DomainError.Rule("character.stable", "A stable character makes no death saving throws and needs no stabilising.");

    public static DomainError NotStable() =>
        DomainError.Rule("character.not-stable", "Only a stable character at 0 hit points recovers after 1d4 hours.");

    public static DomainError LevelOutOfRange() =>
        DomainError.Rule("character.level", $"A level is between {CharacterHitPoints.MinLevel} and {CharacterHitPoints.MaxLevel}.");

    public static DomainError DeathSaveRollOutOfRange() =>
        DomainError.Rule("death-save.roll", $"A death save is a d20 roll, 1 to {CharacterHitPoints.D20}.");

    public static DomainError KnockOutNeedsHitPoints() =>
        DomainError.Rule("knock-out.needs-hit-points", "Only the hit that reduces a creature to 0 hit points can knock it out.");

    public static DomainError KnockOutIsPartOfAHit() =>
        DomainError.Rule("stabilize.knock-out-is-a-hit", "Knocking out is chosen with the melee hit that reduces the creature to 0 hit points.");

    public static DomainError MedicineCheckNeeded() =>
        DomainError.Rule("stabilize.check-needed", "Stabilising with Medicine needs the check's total.");

    public static DomainError MedicineCheckFailed() =>
        DomainError.Rule("stabilize.check-failed", $"The Wisdom (Medicine) check must reach DC {CharacterHitPoints.MedicineCheckDifficulty} to stabilise.");

    public static DomainError StableRecoveryHoursOutOfRange() =>
        DomainError.Rule("stable-recovery.hours", $"A stable creature recovers after 1d4 hours: 1 to {CharacterHitPoints.StableRecoveryDieFaces}.");

    public static DomainError NoMaximumToReviveInto() =>
        DomainError.Rule("revival.hit-point-maximum-zero", "The hit point maximum is 0 until a long rest, so the character cannot return to life.");

    public static DomainError LongRestNeedsHitPoints() =>
        DomainError.Rule("long-rest.needs-hit-points", "A long rest needs at least 1 hit point at its start.");

    public static DomainError DyingCannotRest() =>
        DomainError.Rule("short-rest.dying", "A dying character cannot rest; stabilise or heal it first.");

    public static DomainError HitDieUnknown() =>
        DomainError.Rule("hit-dice.unknown", "The character's Hit Die is not known.");

    public static DomainError NoHitDiceLeft() =>
        DomainError.Rule("hit-dice.none-left", "No Hit Dice are left; a long rest restores some.");

    public static DomainError NotEnoughHitDice(int left) =>
        DomainError.Rule("hit-dice.not-enough", $"Only {left} Hit Dice are left.");

    public static DomainError HitDieRollOutOfRange(HitDie die) =>
        DomainError.Rule("hit-dice.roll", $"Each roll of a d{(int)die} is 1 to {(int)die}.");

    public static DomainError LevelIncreaseBelowOne() =>
        DomainError.Rule("level-up.increase-below-one", "A level raises the hit point maximum by at least 1.");

    public static DomainError LevelIncreaseAboveHitDie(HitDie die, int constitutionModifier) =>
        DomainError.Rule("level-up.increase-above-hit-die", $"A level raises the maximum by at most d{(int)die} + {constitutionModifier}.");

    public static DomainError ConstitutionUnchanged() =>
        DomainError.Rule("constitution.unchanged", "The Constitution modifier is already that.");

    public static DomainError ConstitutionLeavesTooFewHitPoints(int level) =>
        DomainError.Rule("constitution.maximum-too-low", $"The hit point maximum cannot fall below 1 a level ({level}).");

    public static DomainError MaximumIncreaseActive(string source) =>
        DomainError.Rule("hit-point-maximum.increase-active", $"An increase from {source} is already active; the same effect does not stack.");

    public static DomainError MaximumIncreaseNotActive(string source) =>
        DomainError.Rule("hit-point-maximum.increase-not-active", $"No increase from {source} is active.");

    public static DomainError DefenseAlreadyHeld(string source) =>
        DomainError.Rule("defense.already-held", $"Those defences from {source} are already held.");

    public static DomainError DefenseNotHeld(string source) =>
        DomainError.Rule("defense.not-held", $"Those defences are not held from {source}.");
}
