namespace Domain;

public sealed partial record CharacterHitPoints
{
    /// <summary>A resistance, vulnerability or immunity gained from <paramref name="source"/> (rage, potion, spell) until lost from it.</summary>
    public Decision<CharacterEvent> GainDefense(Defense defense, IEnumerable<DamageType> damageTypes, string source)
    {
        var (types, name) = DefenseInput(defense, damageTypes, source);
        if (Guard("gain a defence") is { } error)
        {
            return Reject(error);
        }

        DamageType[] fresh = [.. types.Where(t => !Defenses.Contains(new DefenseGrant(defense, t, name)))];
        return fresh.Length == 0
            ? Reject(CharacterErrors.DefenseAlreadyHeld(name))
            : Accept(new DefenseGained(defense, fresh, name));
    }

    /// <summary>
    /// Defences from <paramref name="source"/> end; the same defence from another source (or the character's own) stays.
    /// </summary>
    public Decision<CharacterEvent> LoseDefense(Defense defense, IEnumerable<DamageType> damageTypes, string source)
    {
        var (types, name) = DefenseInput(defense, damageTypes, source);
        if (Guard("lose a defence") is { } error)
        {
            return Reject(error);
        }

        return types.All(t => Defenses.Contains(new DefenseGrant(defense, t, name)))
            ? Accept(new DefenseLost(defense, types, name))
            : Reject(CharacterErrors.DefenseNotHeld(name));
    }

    private static (DamageType[] Types, string Source) DefenseInput(Defense defense, IEnumerable<DamageType> damageTypes, string source)
    {
        RequireDefined(defense);
        ArgumentNullException.ThrowIfNull(damageTypes);
        RequireDefined(damageTypes);
        var types = Normalize(damageTypes);
        ArgumentOutOfRangeException.ThrowIfZero(types.Length, nameof(damageTypes));
        return (types, RequireText(source, nameof(source)));
    }
}
