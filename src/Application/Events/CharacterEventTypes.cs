using EventSourcing;
using Domain;

namespace Application.Events;

/// <summary>The stored names of the character events. Change a name only with an upcaster, never by renaming.</summary>
public static class CharacterEventTypes
{
    public const string Category = "character";

    public static EventTypeRegistry Register(EventTypeRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        return registry
            .Bind<CharacterCreated>("character-created")
            .Bind<DamageTaken>("damage-taken")
            .Bind<DeathSaveRecorded>("death-save-recorded")
            .Bind<CharacterDied>("character-died")
            .Bind<Healed>("healed")
            .Bind<TemporaryHitPointsGranted>("temporary-hit-points-granted")
            .Bind<LongRestTaken>("long-rest-taken");
    }

    public static EventTypeRegistry CreateRegistry() => Register(new EventTypeRegistry());
}
