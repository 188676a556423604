namespace Domain;

/// <summary>One damage type of a hit as the DM rolled it (for a critical hit, with the dice already doubled).</summary>
public sealed record DamageRoll(int Amount, DamageType DamageType);

/// <summary>A defence held from one source; a null source is the character's own, from creation.</summary>
public sealed record DefenseGrant(Defense Defense, DamageType DamageType, string? Source);

/// <summary>An increase of the hit point maximum that lasts until it ends (Aid).</summary>
public sealed record MaximumIncrease(string Source, int Amount);
