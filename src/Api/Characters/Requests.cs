using Domain;

namespace Api.Characters;

// The bodies a client may send. They hold only what the client decides: the server owns ids, versions and
// timestamps, so extra JSON fields such as "id" or "version" have nowhere to land and are ignored.
// Fields are nullable so that a missing field is reported as missing rather than read as 0 or the first enum member.

/// <summary>POST /characters. The character id comes from the Idempotency-Key, or is new.</summary>
public sealed record CreateCharacterRequest(
    string? Name,
    int? MaximumHitPoints,
    IReadOnlyList<DamageType>? Resistances = null,
    IReadOnlyList<DamageType>? Vulnerabilities = null,
    IReadOnlyList<DamageType>? Immunities = null,
    int? Level = null,
    HitDie? HitDie = null,
    int? ConstitutionModifier = null);

/// <summary>One damage type of a hit, as rolled.</summary>
public sealed record DamagePartRequest(int? Amount, DamageType? DamageType);

/// <summary>
/// POST /characters/{id}/damage: one hit of one or more damage types. <c>critical</c>: the dice were doubled;
/// <c>knockOut</c>: the melee attacker knocks the creature out if this hit drops it to 0.
/// </summary>
public sealed record DamageRequest(
    IReadOnlyList<DamagePartRequest?>? Parts,
    bool Critical = false,
    bool KnockOut = false,
    string? Source = null,
    string? Note = null);

/// <summary>POST /characters/{id}/healing. <c>source</c>: the potion, spell or healer.</summary>
public sealed record HealingRequest(int? Amount, string? Source = null);

/// <summary>POST /characters/{id}/temporary-hit-points. <c>replace</c>: take the new ones even if lower.</summary>
public sealed record TemporaryHitPointsRequest(int? Amount, string? Source = null, bool Replace = false);

/// <summary>POST /characters/{id}/death-saves: the natural d20.</summary>
public sealed record DeathSaveRequest(int? Roll);

/// <summary>POST /characters/{id}/stabilizations. <c>check</c>: the Wisdom (Medicine) check's total, for that method.</summary>
public sealed record StabilizationRequest(StabilizationMethod? Method, string? By = null, int? Check = null);

/// <summary>POST /characters/{id}/stable-recoveries: the 1d4 hours rolled.</summary>
public sealed record StableRecoveryRequest(int? Hours);

/// <summary>POST /characters/{id}/revivals.</summary>
public sealed record RevivalRequest(string? Spell, int? HitPoints);

/// <summary>POST /characters/{id}/short-rests: one roll per Hit Die spent.</summary>
public sealed record ShortRestRequest(IReadOnlyList<int>? Rolls);

/// <summary>POST /characters/{id}/level-ups: the Hit Die roll (or fixed value) plus the Constitution modifier.</summary>
public sealed record LevelUpRequest(int? MaximumHitPointsIncrease);

/// <summary>POST /characters/{id}/constitution-changes: the new modifier.</summary>
public sealed record ConstitutionChangeRequest(int? ConstitutionModifier);

/// <summary>POST /characters/{id}/hit-point-maximum/increases (Aid).</summary>
public sealed record MaximumIncreaseRequest(int? Amount, string? Source);

/// <summary>POST /characters/{id}/hit-point-maximum/increase-endings: the source whose increase ends.</summary>
public sealed record MaximumIncreaseEndingRequest(string? Source);

/// <summary>POST /characters/{id}/hit-point-maximum/reductions (Life Drain).</summary>
public sealed record MaximumReductionRequest(int? Amount, string? Source = null);

/// <summary>POST /characters/{id}/defenses (gained) and /defense-losses.</summary>
public sealed record DefenseRequest(Defense? Defense, IReadOnlyList<DamageType>? DamageTypes, string? Source);
