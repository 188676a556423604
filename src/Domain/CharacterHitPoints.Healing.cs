namespace Domain;

public sealed partial record CharacterHitPoints
{
    /// <summary>
    /// Healing from <paramref name="source"/> (a potion, Cure Wounds, a named healer), capped at the maximum.
    /// It never restores temporary hit points; at 0 hit points it wakes the character and resets death saves.
    /// </summary>
    public Decision<CharacterEvent> Heal(int amount, string? source = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(amount);
        return Guard("be healed") is { } error
            ? Reject(error)
            : Accept(new Healed(amount, Math.Min(amount, MaximumHitPoints - CurrentHitPoints), Blank(source)));
    }

    /// <summary>
    /// Temporary hit points do not stack: the character keeps the higher value, unless the player chooses to
    /// <paramref name="replace"/> the current ones with the new ones. The event records what the character has afterwards.
    /// </summary>
    public Decision<CharacterEvent> GrantTemporaryHitPoints(int amount, string? source = null, bool replace = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(amount);
        if (Guard("gain temporary hit points") is { } error)
        {
            return Reject(error);
        }

        var after = replace ? amount : Math.Max(TemporaryHitPoints, amount);
        return Accept(new TemporaryHitPointsGranted(amount, Blank(source), replace, after));
    }
}
