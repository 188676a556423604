using Domain;
using EventSourcing;

namespace Application.Events;

/// <summary>The stored names of the encounter events. Change a name only with an upcaster, never by renaming.</summary>
public static class EncounterEventTypes
{
    public const string Category = "encounter";

    public static EventTypeRegistry Register(EventTypeRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        return registry
            .Bind<EncounterStarted>("encounter-started")
            .Bind<InitiativeRecorded>("initiative-recorded")
            .Bind<TurnStarted>("turn-started")
            .Bind<CombatantAdded>("combatant-added")
            .Bind<CombatantRemoved>("combatant-removed")
            .Bind<AreaDamageDealt>("area-damage-dealt")
            .Bind<MassHealingCast>("mass-healing-cast")
            .Bind<EncounterEnded>("encounter-ended");
    }
}
