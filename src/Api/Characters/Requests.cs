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
    IReadOnlyList<DamageType>? Immunities = null);

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

/// <summary>POST /characters/{id}/healing.</summary>
public sealed record HealingRequest(int? Amount);

/// <summary>POST /characters/{id}/temporary-hit-points.</summary>
public sealed record TemporaryHitPointsRequest(int? Amount);

/// <summary>POST /characters/{id}/death-saves.</summary>
public sealed record DeathSaveRequest(int? Roll);
