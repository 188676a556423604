using System.Globalization;

namespace Domain;

/// <summary>
/// A DM's log line for each encounter event, in invariant culture, in the words of <see cref="CharacterLog"/>.
/// Events name combatants by id; <c>name</c> turns an id into the name the encounter gave it.
/// </summary>
public static class EncounterLog
{
    public static string Describe(EncounterEvent @event, Func<string, string> name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return @event switch
        {
            EncounterStarted e => Text($"encounter \"{e.Name}\" started with {string.Join(", ", e.Combatants.Select(c => c.Name))}"),
            InitiativeRecorded e => "initiative: " + string.Join(", ", e.Rolls.Select(r => Roll(name(r.CombatantId), r))),
            TurnStarted e => Text($"round {e.Round}: {name(e.CombatantId)}'s turn"),
            CombatantAdded { Initiative: { } roll } e => Text($"{e.Combatant.Name} joined the fight ({Roll("initiative", roll)})"),
            CombatantAdded e => Text($"{e.Combatant.Name} joined the fight"),
            CombatantRemoved { Reason: { } reason } e => Text($"{name(e.CombatantId)} left the fight ({reason})"),
            CombatantRemoved e => Text($"{name(e.CombatantId)} left the fight"),
            AreaDamageDealt e => Text($"{e.Source}: {e.Amount} {CharacterLog.Kebab(e.DamageType)} damage")
                + (e.SaveDc is { } dc ? Text($", DC {dc} save{(e.HalfOnSave ? " for half" : "")}") : "")
                + " to " + string.Join(", ", e.Targets.Select(t => Text($"{name(t.CombatantId)}{(t.Saved is true ? " (saved)" : t.Saved is false ? " (failed)" : "")}"))),
            MassHealingCast e => Text($"{e.Source}: healing for ")
                + string.Join(", ", e.Targets.Select(t => Text($"{name(t.CombatantId)} {t.Amount}"))),
            EncounterEnded e => Text($"encounter ended after {e.Rounds} round{(e.Rounds == 1 ? "" : "s")}"),
            _ => @event.GetType().Name,
        };
    }

    private static string Roll(string who, InitiativeRoll roll) =>
        Text($"{who} {roll.Total}") + (roll.TieBreaker is { } tie ? Text($" (roll-off {tie})") : "");

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
