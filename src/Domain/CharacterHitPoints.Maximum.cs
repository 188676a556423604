namespace Domain;

public sealed partial record CharacterHitPoints
{
    /// <summary>
    /// A new level: the maximum rises by <paramref name="maximumHitPointsIncrease"/> (the Hit Die roll or fixed value
    /// plus the Constitution modifier, at least 1; at most the die's faces plus the modifier when the die is known),
    /// and so do current hit points, unless the character is at 0: gaining a level is not healing.
    /// </summary>
    public Decision<CharacterEvent> GainLevel(int maximumHitPointsIncrease)
    {
        if (Guard("gain a level") is { } error)
        {
            return Reject(error);
        }

        if (Level >= MaxLevel)
        {
            return Reject(CharacterErrors.LevelOutOfRange());
        }

        if (maximumHitPointsIncrease < 1)
        {
            return Reject(CharacterErrors.LevelIncreaseBelowOne());
        }

        if (HitDie is { } die && maximumHitPointsIncrease > Math.Max(1, (int)die + ConstitutionModifier))
        {
            return Reject(CharacterErrors.LevelIncreaseAboveHitDie(die, ConstitutionModifier));
        }

        return Accept(new LevelGained(Level + 1, maximumHitPointsIncrease, CurrentHitPoints > 0 ? maximumHitPointsIncrease : 0));
    }

    /// <summary>
    /// A new Constitution modifier changes the maximum by the difference for every level, as if it had always been so.
    /// A rise raises current hit points too (unless at 0); a fall keeps current hit points within the new maximum.
    /// </summary>
    public Decision<CharacterEvent> ChangeConstitutionModifier(int constitutionModifier)
    {
        if (Guard("change Constitution") is { } error)
        {
            return Reject(error);
        }

        if (constitutionModifier == ConstitutionModifier)
        {
            return Reject(CharacterErrors.ConstitutionUnchanged());
        }

        var change = (constitutionModifier - ConstitutionModifier) * Level;
        if (BaseMaximumHitPoints + change < Level)
        {
            return Reject(CharacterErrors.ConstitutionLeavesTooFewHitPoints(Level));
        }

        var newMaximum = MaximumHitPoints + change;
        var hitPoints = change > 0
            ? (CurrentHitPoints > 0 ? change : 0)
            : -Math.Max(0, CurrentHitPoints - Math.Max(0, newMaximum));
        return Accept(new ConstitutionModifierChanged(constitutionModifier, change, hitPoints));
    }

    /// <summary>An effect such as Aid raises the maximum and current hit points by the same amount, until it ends. The same source does not stack.</summary>
    public Decision<CharacterEvent> IncreaseMaximumHitPoints(int amount, string source)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(amount);
        var name = RequireText(source, nameof(source));
        if (Guard("gain hit points") is { } error)
        {
            return Reject(error);
        }

        return MaximumIncreases.Any(i => i.Source == name)
            ? Reject(CharacterErrors.MaximumIncreaseActive(name))
            : Accept(new MaximumHitPointsIncreased(amount, name));
    }

    /// <summary>The increase from <paramref name="source"/> ends; current hit points above the new maximum are lost.</summary>
    public Decision<CharacterEvent> EndMaximumHitPointsIncrease(string source)
    {
        var name = RequireText(source, nameof(source));
        if (Guard("lose an effect") is { } error)
        {
            return Reject(error);
        }

        if (MaximumIncreases.FirstOrDefault(i => i.Source == name) is not { } increase)
        {
            return Reject(CharacterErrors.MaximumIncreaseNotActive(name));
        }

        var newMaximum = Math.Max(0, MaximumHitPoints - increase.Amount);
        return Accept(new MaximumHitPointsIncreaseEnded(name, increase.Amount, Math.Max(0, CurrentHitPoints - newMaximum)));
    }

    /// <summary>
    /// An effect such as a wight's Life Drain reduces the maximum until the next long rest. Current hit points never
    /// exceed the reduced maximum, and a creature whose maximum drops to 0 dies.
    /// </summary>
    public Decision<CharacterEvent> ReduceMaximumHitPoints(int amount, string? source = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(amount);
        if (Guard("lose hit point maximum") is { } error)
        {
            return Reject(error);
        }

        var newMaximum = Math.Max(0, MaximumHitPoints - amount);
        var reduced = new MaximumHitPointsReduced(amount, Blank(source), Math.Max(0, CurrentHitPoints - newMaximum));
        return newMaximum == 0
            ? Accept(reduced, new CharacterDied(DeathCause.HitPointMaximumReducedToZero))
            : Accept(reduced);
    }
}
