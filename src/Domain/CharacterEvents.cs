namespace Domain;

/// <summary>
/// The closed set of facts about a character's hit points. Every event is a sealed, past-tense record;
/// its stored name (see <c>EventTypeRegistry</c> in Application) never depends on the CLR name.
/// </summary>
public abstract record CharacterEvent
{
    private protected CharacterEvent()
    {
    }
}

public sealed record CharacterCreated(
    string Name,
    int MaximumHitPoints,
    IReadOnlyList<DamageType> Resistances,
    IReadOnlyList<DamageType> Vulnerabilities,
    IReadOnlyList<DamageType> Immunities) : CharacterEvent;

/// <summary>
/// Damage as rolled (<see cref="Amount"/>) and as it landed after immunity, resistance and vulnerability
/// (<see cref="AmountApplied"/>), split between temporary and real hit points.
/// </summary>
public sealed record DamageTaken(
    int Amount,
    DamageType DamageType,
    string? Source,
    string? Note,
    int AmountApplied,
    int AbsorbedByTemporaryHitPoints,
    int HitPointsLost) : CharacterEvent;

public enum DeathSaveOutcome
{
    Success,
    Failure,
}

public enum DeathSaveCause
{
    /// <summary>The player rolled the saving throw.</summary>
    Roll,

    /// <summary>Damage taken at 0 hit points counts as a failure.</summary>
    Damage,
}

public sealed record DeathSaveRecorded(DeathSaveOutcome Outcome, DeathSaveCause Cause) : CharacterEvent;

public enum DeathCause
{
    /// <summary>Damage left over after reaching 0 hit points was at least the hit point maximum.</summary>
    MassiveDamage,

    /// <summary>Three failed death saving throws.</summary>
    FailedDeathSaves,
}

public sealed record CharacterDied(DeathCause Cause) : CharacterEvent;

public sealed record Healed(int Amount, int HitPointsRestored) : CharacterEvent;

public sealed record TemporaryHitPointsGranted(int Amount) : CharacterEvent;

public sealed record LongRestTaken(int HitPointsRestored) : CharacterEvent;
