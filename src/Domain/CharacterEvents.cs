namespace Domain;

/// <summary>
/// The closed set of facts about a character's hit points. Every event is a sealed, past-tense record;
/// its stored name (see <c>EventTypeRegistry</c> in Application) never depends on the CLR name.
/// Parameters with defaults were added after v1: a v1 payload without them reads as that default.
/// </summary>
public abstract record CharacterEvent
{
    private protected CharacterEvent()
    {
    }
}

/// <summary>
/// A new character at full hit points. <see cref="HitDie"/> is null when the DM did not say (then no Hit Dice
/// can be spent and level-up increases are not checked against the die).
/// </summary>
public sealed record CharacterCreated(
    string Name,
    int MaximumHitPoints,
    IReadOnlyList<DamageType> Resistances,
    IReadOnlyList<DamageType> Vulnerabilities,
    IReadOnlyList<DamageType> Immunities,
    int Level = 1,
    HitDie? HitDie = null,
    int ConstitutionModifier = 0) : CharacterEvent;

/// <summary>How immunity, resistance and vulnerability changed one part of a hit.</summary>
public enum DamageAdjustment
{
    None,
    Immune,
    Resisted,
    Vulnerable,

    /// <summary>Both apply: halved (rounded down), then doubled.</summary>
    ResistedAndVulnerable,
}

/// <summary>One damage type of a hit: as rolled, and as it landed after the character's defences.</summary>
public sealed record DamagePart(int Amount, DamageType DamageType, int AmountApplied, DamageAdjustment Adjustment = DamageAdjustment.None);

/// <summary>
/// One hit, possibly of several damage types (<see cref="Parts"/>). The totals are what temporary hit points
/// absorbed (<see cref="AbsorbedByTemporaryHitPoints"/>) and what the character lost (<see cref="HitPointsLost"/>).
/// <see cref="Critical"/>: the DM entered the dice already doubled.
/// </summary>
public sealed record DamageTaken(
    IReadOnlyList<DamagePart> Parts,
    bool Critical,
    string? Source,
    string? Note,
    int AmountApplied,
    int AbsorbedByTemporaryHitPoints,
    int HitPointsLost) : CharacterEvent
{
    /// <summary>The total rolled, all parts together (the v1 <c>amount</c>).</summary>
    public int Amount => Parts.Sum(p => p.Amount);
}

public enum DeathSaveOutcome
{
    Success,
    Failure,

    /// <summary>A natural 20: the character regains 1 hit point and both counts reset.</summary>
    CriticalSuccess,
}

public enum DeathSaveCause
{
    /// <summary>The player rolled the saving throw.</summary>
    Roll,

    /// <summary>Damage taken at 0 hit points counts as a failure (two for a critical hit).</summary>
    Damage,
}

/// <summary>
/// A death saving throw: <see cref="Roll"/> is the d20 (null for damage, and for v1 events, which kept no roll);
/// <see cref="Count"/> is how many successes or failures it counts as (2 for a natural 1 or a critical hit).
/// </summary>
public sealed record DeathSaveRecorded(DeathSaveOutcome Outcome, DeathSaveCause Cause, int? Roll = null, int Count = 1) : CharacterEvent;

public enum DeathCause
{
    /// <summary>Damage left over after reaching 0 hit points was at least the hit point maximum.</summary>
    MassiveDamage,

    /// <summary>Three failed death saving throws.</summary>
    FailedDeathSaves,

    /// <summary>An effect such as a wight's Life Drain reduced the hit point maximum to 0.</summary>
    HitPointMaximumReducedToZero,
}

/// <summary>Death. Temporary hit points end with it.</summary>
public sealed record CharacterDied(DeathCause Cause) : CharacterEvent;

/// <summary>Magic such as Revivify brought a dead character back with <see cref="HitPoints"/>.</summary>
public sealed record CharacterRevived(string Spell, int HitPoints) : CharacterEvent;

/// <summary>Healing as offered (<see cref="Amount"/>) and as it landed, capped at the maximum; <see cref="Source"/> is the potion, spell or healer.</summary>
public sealed record Healed(int Amount, int HitPointsRestored, string? Source = null) : CharacterEvent;

/// <summary>
/// Temporary hit points offered (<see cref="Amount"/>) and what the character has afterwards
/// (<see cref="TemporaryHitPoints"/>): the higher value unless the player chose to <see cref="Replace"/> them.
/// <see cref="TemporaryHitPoints"/> is null only in v1 events, which always kept the higher value.
/// </summary>
public sealed record TemporaryHitPointsGranted(int Amount, string? Source = null, bool Replace = false, int? TemporaryHitPoints = null) : CharacterEvent;

/// <summary>How a dying creature became stable without three successful death saves.</summary>
public enum StabilizationMethod
{
    /// <summary>A successful DC 10 Wisdom (Medicine) check.</summary>
    MedicineCheck,

    /// <summary>The Spare the Dying cantrip.</summary>
    SpareTheDying,

    /// <summary>One use of a healer's kit, no check needed.</summary>
    HealersKit,

    /// <summary>The attacker chose to knock the creature out with the melee hit that reduced it to 0 hit points.</summary>
    KnockedOut,
}

/// <summary>The character became stable: <see cref="By"/> who did it, <see cref="Check"/> the Medicine check's total if there was one.</summary>
public sealed record CharacterStabilized(StabilizationMethod Method, string? By = null, int? Check = null) : CharacterEvent;

/// <summary>A stable creature that was not healed regained 1 hit point after <see cref="Hours"/> (1d4) hours.</summary>
public sealed record RecoveredFromStability(int Hours) : CharacterEvent;

/// <summary>Hit Dice spent on a short rest: each roll plus the Constitution modifier (at least 0 a die), capped at the maximum.</summary>
public sealed record HitDiceSpent(IReadOnlyList<int> Rolls, int ConstitutionModifier, int HitPointsRestored) : CharacterEvent;

/// <summary>
/// A long rest: all hit points back (<see cref="HitPointsRestored"/>), spent Hit Dice back up to half the level
/// (<see cref="HitDiceRestored"/>), reductions of the maximum and temporary hit points ended.
/// </summary>
public sealed record LongRestTaken(int HitPointsRestored, int HitDiceRestored = 0, int MaximumReductionEnded = 0) : CharacterEvent;

/// <summary>A new level: the maximum rises by <see cref="MaximumHitPointsIncrease"/>, current hit points by <see cref="HitPointsGained"/>.</summary>
public sealed record LevelGained(int Level, int MaximumHitPointsIncrease, int HitPointsGained) : CharacterEvent;

/// <summary>The Constitution modifier changed, which changes the maximum as if it had been so from 1st level.</summary>
public sealed record ConstitutionModifierChanged(int ConstitutionModifier, int MaximumHitPointsChange, int HitPointsChange) : CharacterEvent;

/// <summary>An effect such as Aid raised the maximum and current hit points together, until it ends.</summary>
public sealed record MaximumHitPointsIncreased(int Amount, string Source) : CharacterEvent;

/// <summary>An increase from <see cref="Source"/> ended; current hit points above the new maximum were lost.</summary>
public sealed record MaximumHitPointsIncreaseEnded(string Source, int Amount, int HitPointsLost) : CharacterEvent;

/// <summary>An effect such as a wight's Life Drain reduced the maximum until the next long rest.</summary>
public sealed record MaximumHitPointsReduced(int Amount, string? Source, int HitPointsLost) : CharacterEvent;

/// <summary>Resistance, vulnerability or immunity.</summary>
public enum Defense
{
    Resistance,
    Vulnerability,
    Immunity,
}

/// <summary>A defence gained after creation (rage, potion, spell), held until lost from the same source.</summary>
public sealed record DefenseGained(Defense Defense, IReadOnlyList<DamageType> DamageTypes, string Source) : CharacterEvent;

public sealed record DefenseLost(Defense Defense, IReadOnlyList<DamageType> DamageTypes, string Source) : CharacterEvent;
