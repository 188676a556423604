using System.ComponentModel.DataAnnotations;
using Application.Characters;
using Domain;

namespace Api.Characters;

// The bodies a client may send. They hold only what the client decides: the server owns ids, versions and
// timestamps, so extra JSON fields such as "id" or "version" have nowhere to land and are ignored.
// Fields are nullable so that a missing field is reported as missing rather than read as 0 or the first enum member.
// The bounds attributes describe the input for the OpenAPI document only; the application's validators (same constants)
// and the domain's rules enforce them. Lengths of free text count text elements (what a reader sees as one character).

/// <summary>POST /characters. The character id comes from the Idempotency-Key, or is new.</summary>
public sealed record CreateCharacterRequest(
    [property: MaxLength(CharacterHitPoints.MaxNameLength)] string? Name,
    [property: Range(CharacterHitPoints.MinMaximumHitPoints, CharacterHitPoints.MaxMaximumHitPoints)] int? MaximumHitPoints,
    IReadOnlyList<DamageType>? Resistances = null,
    IReadOnlyList<DamageType>? Vulnerabilities = null,
    IReadOnlyList<DamageType>? Immunities = null,
    [property: Range(CharacterHitPoints.MinLevel, CharacterHitPoints.MaxLevel)] int? Level = null,
    HitDie? HitDie = null,
    [property: Range(CharacterValidationRules.MinConstitutionModifier, CharacterValidationRules.MaxConstitutionModifier)] int? ConstitutionModifier = null);

/// <summary>One damage type of a hit, as rolled.</summary>
public sealed record DamagePartRequest([property: Range(1, CharacterHitPoints.MaxAmount)] int? Amount, DamageType? DamageType);

/// <summary>
/// POST /characters/{id}/damage: one hit of one or more damage types. <c>critical</c>: the dice were doubled;
/// <c>knockOut</c>: the melee attacker knocks the creature out if this hit drops it to 0.
/// </summary>
public sealed record DamageRequest(
    [property: Length(1, CharacterValidationRules.MaxDamageParts)] IReadOnlyList<DamagePartRequest?>? Parts,
    bool Critical = false,
    bool KnockOut = false,
    [property: MaxLength(CharacterHitPoints.MaxSourceLength)] string? Source = null,
    [property: MaxLength(CharacterHitPoints.MaxNoteLength)] string? Note = null);

/// <summary>POST /characters/{id}/healing. <c>source</c>: the potion, spell or healer.</summary>
public sealed record HealingRequest([property: Range(1, CharacterHitPoints.MaxAmount)] int? Amount, [property: MaxLength(CharacterHitPoints.MaxSourceLength)] string? Source = null);

/// <summary>POST /characters/{id}/temporary-hit-points. <c>replace</c>: take the new ones even if lower.</summary>
public sealed record TemporaryHitPointsRequest([property: Range(1, CharacterHitPoints.MaxAmount)] int? Amount, [property: MaxLength(CharacterHitPoints.MaxSourceLength)] string? Source = null, bool Replace = false);

/// <summary>POST /characters/{id}/death-saves: the natural d20.</summary>
public sealed record DeathSaveRequest([property: Range(1, CharacterHitPoints.D20)] int? Roll);

/// <summary>POST /characters/{id}/stabilizations. <c>check</c>: the Wisdom (Medicine) check's total, for that method.</summary>
public sealed record StabilizationRequest(
    StabilizationMethod? Method,
    [property: MaxLength(CharacterHitPoints.MaxSourceLength)] string? By = null,
    [property: Range(CharacterValidationRules.MinCheck, CharacterValidationRules.MaxCheck)] int? Check = null);

/// <summary>POST /characters/{id}/stable-recoveries: the 1d4 hours rolled.</summary>
public sealed record StableRecoveryRequest([property: Range(1, CharacterHitPoints.StableRecoveryDieFaces)] int? Hours);

/// <summary>POST /characters/{id}/revivals.</summary>
public sealed record RevivalRequest([property: MaxLength(CharacterHitPoints.MaxSourceLength)] string? Spell, [property: Range(1, CharacterHitPoints.MaxAmount)] int? HitPoints);

/// <summary>POST /characters/{id}/short-rests: one roll per Hit Die spent.</summary>
public sealed record ShortRestRequest([property: Length(1, CharacterHitPoints.MaxLevel)] IReadOnlyList<int>? Rolls);

/// <summary>POST /characters/{id}/level-ups: the Hit Die roll (or fixed value) plus the Constitution modifier.</summary>
public sealed record LevelUpRequest([property: Range(1, CharacterHitPoints.MaxMaximumHitPoints)] int? MaximumHitPointsIncrease);

/// <summary>POST /characters/{id}/constitution-changes: the new modifier.</summary>
public sealed record ConstitutionChangeRequest(
    [property: Range(CharacterValidationRules.MinConstitutionModifier, CharacterValidationRules.MaxConstitutionModifier)] int? ConstitutionModifier);

/// <summary>POST /characters/{id}/hit-point-maximum/increases (Aid).</summary>
public sealed record MaximumIncreaseRequest([property: Range(1, CharacterHitPoints.MaxAmount)] int? Amount, [property: MaxLength(CharacterHitPoints.MaxSourceLength)] string? Source);

/// <summary>POST /characters/{id}/hit-point-maximum/increase-endings: the source whose increase ends.</summary>
public sealed record MaximumIncreaseEndingRequest([property: MaxLength(CharacterHitPoints.MaxSourceLength)] string? Source);

/// <summary>POST /characters/{id}/hit-point-maximum/reductions (Life Drain).</summary>
public sealed record MaximumReductionRequest([property: Range(1, CharacterHitPoints.MaxAmount)] int? Amount, [property: MaxLength(CharacterHitPoints.MaxSourceLength)] string? Source = null);

/// <summary>POST /characters/{id}/defenses (gained) and /defense-losses.</summary>
public sealed record DefenseRequest(
    Defense? Defense,
    [property: Length(1, DefenseRequest.DamageTypeCount)] IReadOnlyList<DamageType>? DamageTypes,
    [property: MaxLength(CharacterHitPoints.MaxSourceLength)] string? Source)
{
    /// <summary>A defence names each damage type at most once: 13.</summary>
    public const int DamageTypeCount = 13;
}
