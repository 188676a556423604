namespace Domain;

/// <summary>
/// The closed set of facts about an encounter: who fights, in what initiative order, whose turn it is, and the blows
/// that hit many at once. Hit points are not here: each character's own stream holds them.
/// </summary>
public abstract record EncounterEvent
{
    private protected EncounterEvent()
    {
    }
}

/// <summary>A character (its hit points live in its own stream) or a creature the DM runs without a hit-point stream.</summary>
public enum CombatantKind
{
    Character,
    Creature,
}

/// <summary>One combatant as it joined: a character's id is its character id; a creature's is derived from its name.</summary>
public sealed record CombatantEntry(string Id, string Name, CombatantKind Kind);

/// <summary>
/// An initiative roll as the DM entered it: the Dexterity check's <see cref="Total"/>, and optionally a
/// <see cref="TieBreaker"/> (the SRD's optional d20 roll-off between tied combatants, highest first).
/// </summary>
public sealed record InitiativeRoll(string CombatantId, int Total, int? TieBreaker = null);

public sealed record EncounterStarted(string Name, IReadOnlyList<CombatantEntry> Combatants) : EncounterEvent;

public sealed record InitiativeRecorded(IReadOnlyList<InitiativeRoll> Rolls) : EncounterEvent;

/// <summary>A turn began: <see cref="CombatantId"/> acts in <see cref="Round"/> (rounds count from 1).</summary>
public sealed record TurnStarted(int Round, string CombatantId) : EncounterEvent;

public sealed record CombatantAdded(CombatantEntry Combatant, InitiativeRoll? Initiative) : EncounterEvent;

public sealed record CombatantRemoved(string CombatantId, string? Reason) : EncounterEvent;

/// <summary>
/// One target of an area blow: its save (null: no save allowed or not asked) and the damage it was dealt before its own
/// resistance, vulnerability and immunity (the rolled amount, halved rounded down on a successful save).
/// </summary>
public sealed record AreaDamageTarget(string CombatantId, bool? Saved, int Amount);

/// <summary>
/// A blow that hit several characters at once (a fireball). Each target's own hit-point events are written in the same
/// atomic commit, in its own stream.
/// </summary>
public sealed record AreaDamageDealt(
    string Source,
    int Amount,
    DamageType DamageType,
    int? SaveDc,
    bool HalfOnSave,
    IReadOnlyList<AreaDamageTarget> Targets) : EncounterEvent;

public sealed record HealingTarget(string CombatantId, int Amount);

/// <summary>Healing that reached several characters at once (Mass Cure Wounds), written with each target's own event.</summary>
public sealed record MassHealingCast(string Source, IReadOnlyList<HealingTarget> Targets) : EncounterEvent;

public sealed record EncounterEnded(int Rounds) : EncounterEvent;
