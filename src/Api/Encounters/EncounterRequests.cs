using System.ComponentModel.DataAnnotations;
using Domain;

namespace Api.Encounters;

// The bodies a client may send; as with characters, fields are nullable so that a missing one is reported as missing.
// Bounds attributes describe the input for the OpenAPI document; the validators enforce them with the same constants.

/// <summary>POST /encounters: characters by id (existing characters), creatures the DM runs by name (no hit points on record).</summary>
public sealed record StartEncounterRequest([property: MaxLength(Encounter.MaxNameLength)] string? Name, IReadOnlyList<string>? CharacterIds, IReadOnlyList<string>? Creatures = null);

/// <summary>One combatant's initiative: the Dexterity check's total, and an optional d20 roll-off for ties.</summary>
public sealed record InitiativeRollRequest(string? CombatantId, int? Total, [property: Range(1, CharacterHitPoints.D20)] int? TieBreaker = null);

/// <summary>POST /encounters/{id}/initiative.</summary>
public sealed record InitiativeRequest(IReadOnlyList<InitiativeRollRequest?>? Rolls);

/// <summary>POST /encounters/{id}/combatants: either a character id or a creature's name; an initiative once turns have started.</summary>
public sealed record AddCombatantRequest(
    string? CharacterId = null,
    [property: MaxLength(Encounter.MaxNameLength)] string? CreatureName = null,
    int? Initiative = null,
    [property: Range(1, CharacterHitPoints.D20)] int? TieBreaker = null);

/// <summary>One target of an area blow and its saving throw (true: saved; false: failed; absent: no save).</summary>
public sealed record AreaTargetRequest(string? CharacterId, bool? Saved = null);

/// <summary>
/// POST /encounters/{id}/area-damage: <c>amount</c> of <c>damageType</c> to every target; a successful save halves it
/// (rounded down) unless <c>halfOnSave</c> is false (then a save takes none); then each target's own defences apply.
/// </summary>
public sealed record AreaDamageRequest(
    [property: Range(1, CharacterHitPoints.MaxAmount)] int? Amount,
    DamageType? DamageType,
    [property: MaxLength(CharacterHitPoints.MaxSourceLength)] string? Source,
    [property: Length(1, Encounter.MaxCombatants)] IReadOnlyList<AreaTargetRequest?>? Targets,
    [property: Range(1, 30)] int? SaveDc = null,
    bool HalfOnSave = true);

/// <summary>One target of mass healing and what it regains.</summary>
public sealed record HealingTargetRequest(string? CharacterId, [property: Range(1, CharacterHitPoints.MaxAmount)] int? Amount);

/// <summary>POST /encounters/{id}/mass-healing.</summary>
public sealed record MassHealingRequest([property: MaxLength(CharacterHitPoints.MaxSourceLength)] string? Source, [property: Length(1, Encounter.MaxCombatants)] IReadOnlyList<HealingTargetRequest?>? Targets);
