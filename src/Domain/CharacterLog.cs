using System.Globalization;

namespace Domain;

/// <summary>A DM's log line for each event, from the event alone (no state, no references), in invariant culture.</summary>
public static class CharacterLog
{
    public static string Describe(CharacterEvent @event) => @event switch
    {
        CharacterCreated e => Text($"created with {e.MaximumHitPoints} HP, level {e.Level}")
            + (e.HitDie is { } die ? Text($", Hit Die d{(int)die}") : "")
            + (e.ConstitutionModifier != 0 ? Text($", Constitution {Signed(e.ConstitutionModifier)}") : "")
            + Defenses("resistant to", e.Resistances) + Defenses("vulnerable to", e.Vulnerabilities) + Defenses("immune to", e.Immunities),
        DamageTaken e => Damage(e),
        DeathSaveRecorded e => DeathSave(e),
        CharacterDied { Cause: DeathCause.MassiveDamage } => "died of massive damage",
        CharacterDied { Cause: DeathCause.FailedDeathSaves } => "died after three failed death saves",
        CharacterDied { Cause: DeathCause.HitPointMaximumReducedToZero } => "died: hit point maximum reduced to 0",
        CharacterDied e => Text($"died ({Kebab(e.Cause)})"),
        CharacterRevived e => Text($"revived by {e.Spell} with {e.HitPoints} HP"),
        Healed e => Text($"healed {e.Amount}{From(e.Source)}: {e.HitPointsRestored} HP restored"),
        TemporaryHitPointsGranted { TemporaryHitPoints: null } e => Text($"granted {e.Amount} temporary HP{From(e.Source)}"),
        TemporaryHitPointsGranted e when e.TemporaryHitPoints == e.Amount =>
            Text($"granted {e.Amount} temporary HP{From(e.Source)} (now {e.TemporaryHitPoints}{(e.Replace ? ", replacing the old ones" : "")})"),
        TemporaryHitPointsGranted e => Text($"offered {e.Amount} temporary HP{From(e.Source)}, kept {e.TemporaryHitPoints}"),
        CharacterStabilized { Method: StabilizationMethod.KnockedOut } e => Text($"knocked out{From(e.By)}: unconscious and stable"),
        CharacterStabilized { Method: StabilizationMethod.MedicineCheck } e => Text($"stabilised by a Wisdom (Medicine) check of {e.Check}{By(e.By)}"),
        CharacterStabilized { Method: StabilizationMethod.SpareTheDying } e => Text($"stabilised by Spare the Dying{By(e.By)}"),
        CharacterStabilized { Method: StabilizationMethod.HealersKit } e => Text($"stabilised with a healer's kit{By(e.By)}"),
        CharacterStabilized e => Text($"stabilised ({Kebab(e.Method)}){By(e.By)}"),
        RecoveredFromStability e => Text($"regained 1 HP after {e.Hours} {(e.Hours == 1 ? "hour" : "hours")} stable"),
        HitDiceSpent e => Text($"spent {e.Rolls.Count} Hit {(e.Rolls.Count == 1 ? "Die" : "Dice")} (rolled {string.Join(", ", e.Rolls.Select(Number))}, Constitution {Signed(e.ConstitutionModifier)}): {e.HitPointsRestored} HP restored"),
        LongRestTaken e => Text($"long rest: {e.HitPointsRestored} HP restored")
            + (e.HitDiceRestored > 0 ? Text($", {e.HitDiceRestored} Hit {(e.HitDiceRestored == 1 ? "Die" : "Dice")} restored") : "")
            + (e.MaximumReductionEnded > 0 ? Text($", maximum reduction of {e.MaximumReductionEnded} ended") : ""),
        LevelGained e => Text($"reached level {e.Level}: maximum +{e.MaximumHitPointsIncrease}, {e.HitPointsGained} HP gained"),
        ConstitutionModifierChanged e => Text($"Constitution modifier now {Signed(e.ConstitutionModifier)}: maximum {Signed(e.MaximumHitPointsChange)}, HP {Signed(e.HitPointsChange)}"),
        MaximumHitPointsIncreased e => Text($"maximum and current HP +{e.Amount} from {e.Source}"),
        MaximumHitPointsIncreaseEnded e => Text($"{e.Source} ended: maximum -{e.Amount}, {e.HitPointsLost} HP lost"),
        MaximumHitPointsReduced e => Text($"maximum reduced by {e.Amount}{From(e.Source)} until a long rest, {e.HitPointsLost} HP lost"),
        DefenseGained e => Text($"gained {Kebab(e.Defense)} to {Types(e.DamageTypes)} from {e.Source}"),
        DefenseLost e => Text($"lost {Kebab(e.Defense)} to {Types(e.DamageTypes)} from {e.Source}"),
        _ => @event.GetType().Name,
    };

    private static string Damage(DamageTaken e)
    {
        var parts = string.Join(" + ", e.Parts.Select(Part));
        var line = Text($"{parts}{From(e.Source)}{(e.Critical ? " (critical)" : "")}: ");
        if (e.AbsorbedByTemporaryHitPoints > 0)
        {
            line += Text($"{e.AbsorbedByTemporaryHitPoints} absorbed by temporary HP, ");
        }

        line += Text($"{e.HitPointsLost} HP lost");
        return e.Note is null ? line : $"{line} ({e.Note})";
    }

    private static string Part(DamagePart p) => p.Adjustment switch
    {
        DamageAdjustment.None => Text($"{p.Amount} {Kebab(p.DamageType)}"),
        DamageAdjustment.Immune => Text($"{p.Amount} {Kebab(p.DamageType)} (immune: 0)"),
        DamageAdjustment.Resisted => Text($"{p.Amount} {Kebab(p.DamageType)} (resisted: {p.AmountApplied})"),
        DamageAdjustment.Vulnerable => Text($"{p.Amount} {Kebab(p.DamageType)} (vulnerable: {p.AmountApplied})"),
        _ => Text($"{p.Amount} {Kebab(p.DamageType)} (resisted and vulnerable: {p.AmountApplied})"),
    };

    private static string DeathSave(DeathSaveRecorded e)
    {
        var saves = e.Count == 1 ? "" : Text($"{e.Count} ");
        var plural = e.Count == 1 ? "" : "s";
        return (e.Cause, e.Outcome, e.Roll) switch
        {
            (DeathSaveCause.Damage, _, _) => Text($"{e.Count} failed death save{plural} ({(e.Count > 1 ? "critical hit" : "damage")} at 0 HP)"),
            (_, DeathSaveOutcome.CriticalSuccess, { } roll) => Text($"death save: rolled {roll}, regains 1 HP"),
            (_, DeathSaveOutcome.CriticalSuccess, null) => "death save: natural 20, regains 1 HP",
            (_, DeathSaveOutcome.Success, { } roll) => Text($"death save: rolled {roll}, success"),
            (_, DeathSaveOutcome.Failure, { } roll) => Text($"death save: rolled {roll}, {saves}failure{plural}"),
            (_, var outcome, null) => Text($"death save: {Kebab(outcome)}"),
            _ => Text($"death save: {Kebab(e.Outcome)}"),
        };
    }

    private static string Defenses(string label, IReadOnlyList<DamageType> types) =>
        types.Count == 0 ? "" : $", {label} {Types(types)}";

    private static string Types(IEnumerable<DamageType> types) => string.Join(", ", types.Select(Kebab));

    private static string From(string? source) => source is null ? "" : $" from {source}";

    private static string By(string? by) => by is null ? "" : $" by {by}";

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Signed(int value) => value.ToString("+0;-0;0", CultureInfo.InvariantCulture);

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>The same kebab-case names the stored events use: "critical-success", "healers-kit".</summary>
    internal static string Kebab<TEnum>(TEnum value)
        where TEnum : struct, Enum
    {
        var name = value.ToString();
        var text = new System.Text.StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                text.Append('-');
            }

            text.Append(char.ToLowerInvariant(name[i]));
        }

        return text.ToString();
    }
}
