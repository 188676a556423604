namespace Domain;

public sealed partial record CharacterHitPoints
{
    /// <summary>One hit of one damage type: the shorthand for <see cref="TakeDamage(IReadOnlyList{DamageRoll}, bool, string?, string?, bool)"/>.</summary>
    public Decision<CharacterEvent> TakeDamage(int amount, DamageType damageType, string? source = null, string? note = null) =>
        TakeDamage([new DamageRoll(amount, damageType)], critical: false, source, note);

    /// <summary>
    /// One hit of one or more damage types. Each part: immunity makes it 0, resistance halves it (rounded down),
    /// vulnerability doubles it. The total is what temporary hit points absorb, what counts for massive damage,
    /// and one hit at 0 hit points is one failed death save (two if <paramref name="critical"/>).
    /// <paramref name="knockOut"/>: the melee attacker chose to knock the creature out if the hit drops it to 0.
    /// </summary>
    public Decision<CharacterEvent> TakeDamage(
        IReadOnlyList<DamageRoll> parts,
        bool critical = false,
        string? source = null,
        string? note = null,
        bool knockOut = false)
    {
        ArgumentNullException.ThrowIfNull(parts);
        ArgumentOutOfRangeException.ThrowIfZero(parts.Count, nameof(parts));
        foreach (var part in parts)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(part.Amount, nameof(parts));
            RequireDefined(part.DamageType);
        }

        if (Guard("take damage") is { } error)
        {
            return Reject(error);
        }

        if (knockOut && CurrentHitPoints == 0)
        {
            return Reject(CharacterErrors.KnockOutNeedsHitPoints());
        }

        DamagePart[] landed = [.. parts.Select(p => Adjust(p.Amount, p.DamageType))];
        var applied = landed.Sum(p => p.AmountApplied);
        var absorbed = Math.Min(TemporaryHitPoints, applied);
        var pastTemporary = applied - absorbed;
        var lost = Math.Min(CurrentHitPoints, pastTemporary);
        var damage = new DamageTaken(landed, critical, Blank(source), Blank(note), applied, absorbed, lost);

        if (CurrentHitPoints > 0)
        {
            if (pastTemporary < CurrentHitPoints)
            {
                return Accept(damage);
            }

            // Massive damage kills even when the attacker meant to knock out: the choice replaces dying, not death.
            return pastTemporary - CurrentHitPoints >= MaximumHitPoints ? Accept(damage, new CharacterDied(DeathCause.MassiveDamage))
                : knockOut ? Accept(damage, new CharacterStabilized(StabilizationMethod.KnockedOut, Blank(source)))
                : Accept(damage);
        }

        // At 0 hit points only damage that gets past temporary hit points hurts.
        if (pastTemporary == 0)
        {
            return Accept(damage);
        }

        if (pastTemporary >= MaximumHitPoints)
        {
            return Accept(damage, new CharacterDied(DeathCause.MassiveDamage));
        }

        var count = critical ? 2 : 1;
        var failure = new DeathSaveRecorded(DeathSaveOutcome.Failure, DeathSaveCause.Damage, null, count);
        return DeathSaveFailures + count >= DeathSavesToResolve
            ? Accept(damage, failure, new CharacterDied(DeathCause.FailedDeathSaves))
            : Accept(damage, failure);
    }

    /// <summary>Resistance and vulnerability of one type count once each; immunity wins over both.</summary>
    private DamagePart Adjust(int amount, DamageType damageType)
    {
        if (Immunities.Contains(damageType))
        {
            return new DamagePart(amount, damageType, 0, DamageAdjustment.Immune);
        }

        var resisted = Resistances.Contains(damageType);
        var vulnerable = Vulnerabilities.Contains(damageType);
        var adjusted = resisted ? amount / 2 : amount;
        adjusted = vulnerable ? adjusted * 2 : adjusted;
        var adjustment = (resisted, vulnerable) switch
        {
            (true, true) => DamageAdjustment.ResistedAndVulnerable,
            (true, false) => DamageAdjustment.Resisted,
            (false, true) => DamageAdjustment.Vulnerable,
            _ => DamageAdjustment.None,
        };
        return new DamagePart(amount, damageType, adjusted, adjustment);
    }
}
