namespace Domain;

public sealed partial record CharacterHitPoints
{
    /// <summary>
    /// Spending Hit Dice at the end of a short rest: one roll per die, each 1..the die's faces, each plus the
    /// Constitution modifier and at least 0, the total capped at the maximum. A dying character cannot rest.
    /// </summary>
    public Decision<CharacterEvent> SpendHitDice(IReadOnlyList<int> rolls)
    {
        ArgumentNullException.ThrowIfNull(rolls);
        ArgumentOutOfRangeException.ThrowIfZero(rolls.Count, nameof(rolls));
        if (Guard("spend Hit Dice") is { } error)
        {
            return Reject(error);
        }

        if (Condition == Condition.Unconscious)
        {
            return Reject(CharacterErrors.DyingCannotRest());
        }

        if (HitDie is not { } die)
        {
            return Reject(CharacterErrors.HitDieUnknown());
        }

        if (HitDiceLeft == 0)
        {
            return Reject(CharacterErrors.NoHitDiceLeft());
        }

        if (rolls.Count > HitDiceLeft)
        {
            return Reject(CharacterErrors.NotEnoughHitDice(HitDiceLeft));
        }

        if (rolls.Any(r => r < 1 || r > (int)die))
        {
            return Reject(CharacterErrors.HitDieRollOutOfRange(die));
        }

        var regained = rolls.Sum(r => Math.Max(0, r + ConstitutionModifier));
        return Accept(new HitDiceSpent([.. rolls], ConstitutionModifier, Math.Min(regained, MaximumHitPoints - CurrentHitPoints)));
    }

    /// <summary>
    /// A long rest needs at least 1 hit point at its start. It ends reductions of the maximum, restores all hit
    /// points, restores spent Hit Dice up to half the level (at least one), and ends temporary hit points.
    /// </summary>
    public Decision<CharacterEvent> TakeLongRest()
    {
        if (Guard("take a long rest") is { } error)
        {
            return Reject(error);
        }

        if (CurrentHitPoints < 1)
        {
            return Reject(CharacterErrors.LongRestNeedsHitPoints());
        }

        var restoredMaximum = MaximumHitPoints + MaximumReduction;
        var hitDice = Math.Min(SpentHitDice, Math.Max(1, Level / 2));
        return Accept(new LongRestTaken(restoredMaximum - CurrentHitPoints, hitDice, MaximumReduction));
    }
}
