using System.Text.Json.Nodes;
using Domain;
using EventSourcing;

namespace Application.Events;

/// <summary>
/// The stored names of the character events. Change a name only with an upcaster, never by renaming.
/// Every event whose payload gained or lost a field is a new schema version with an explicit upcaster, even where
/// the new fields' defaults would read a v1 payload the same: the upcaster is the record of what changed.
/// </summary>
public static class CharacterEventTypes
{
    public const string Category = "character";

    public static EventTypeRegistry Register(EventTypeRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        return registry
            .Bind<CharacterCreated>("character-created", 2)
            .AddUpcaster("character-created", 1, CreatedV1ToV2)
            .Bind<DamageTaken>("damage-taken", 2)
            .AddUpcaster("damage-taken", 1, DamageTakenV1ToV2)
            .Bind<DeathSaveRecorded>("death-save-recorded", 2)
            .AddUpcaster("death-save-recorded", 1, DeathSaveV1ToV2)
            .Bind<CharacterDied>("character-died")
            .Bind<Healed>("healed", 2)
            .AddUpcaster("healed", 1, HealedV1ToV2)
            .Bind<TemporaryHitPointsGranted>("temporary-hit-points-granted", 2)
            .AddUpcaster("temporary-hit-points-granted", 1, TemporaryHitPointsV1ToV2)
            .Bind<LongRestTaken>("long-rest-taken", 2)
            .AddUpcaster("long-rest-taken", 1, LongRestV1ToV2)
            .Bind<CharacterRevived>("character-revived")
            .Bind<CharacterStabilized>("character-stabilized")
            .Bind<RecoveredFromStability>("recovered-from-stability")
            .Bind<HitDiceSpent>("hit-dice-spent")
            .Bind<LevelGained>("level-gained")
            .Bind<ConstitutionModifierChanged>("constitution-modifier-changed")
            .Bind<MaximumHitPointsIncreased>("maximum-hit-points-increased")
            .Bind<MaximumHitPointsIncreaseEnded>("maximum-hit-points-increase-ended")
            .Bind<MaximumHitPointsReduced>("maximum-hit-points-reduced")
            .Bind<DefenseGained>("defense-gained")
            .Bind<DefenseLost>("defense-lost");
    }

    public static EventTypeRegistry CreateRegistry() => Register(new EventTypeRegistry());

    /// <summary>v1 characters were level 1 with an unknown Hit Die and no Constitution modifier on record.</summary>
    internal static JsonObject CreatedV1ToV2(JsonObject v1) =>
        With(v1, ("level", 1), ("hitDie", null), ("constitutionModifier", 0));

    /// <summary>
    /// v1: one damage type, {amount, damageType, amountApplied}. v2: parts, each with its adjustment, and critical.
    /// v1 kept no adjustment, so it is read from the numbers; amountApplied stays exactly as stored.
    /// </summary>
    internal static JsonObject DamageTakenV1ToV2(JsonObject v1)
    {
        var amount = Int(v1, "amount");
        var applied = Int(v1, "amountApplied");
        var part = new JsonObject
        {
            ["amount"] = amount,
            ["damageType"] = v1["damageType"]?.DeepClone(),
            ["amountApplied"] = applied,
            ["adjustment"] = Adjustment(amount, applied),
        };
        var v2 = With(v1, ("parts", new JsonArray(part)), ("critical", false));
        v2.Remove("amount");
        v2.Remove("damageType");
        return v2;
    }

    /// <summary>v1 kept no roll, and every save counted once.</summary>
    internal static JsonObject DeathSaveV1ToV2(JsonObject v1) => With(v1, ("roll", null), ("count", 1));

    internal static JsonObject HealedV1ToV2(JsonObject v1) => With(v1, ("source", null));

    /// <summary>v1 always kept the higher value and did not record it: a null total folds as "the higher".</summary>
    internal static JsonObject TemporaryHitPointsV1ToV2(JsonObject v1) =>
        With(v1, ("source", null), ("replace", false), ("temporaryHitPoints", null));

    /// <summary>v1 knew no Hit Dice and no reductions of the maximum.</summary>
    internal static JsonObject LongRestV1ToV2(JsonObject v1) => With(v1, ("hitDiceRestored", 0), ("maximumReductionEnded", 0));

    /// <summary>
    /// The v1 rules: immunity 0, resistance halves (rounded down), vulnerability doubles. A 1 resisted (0) reads as
    /// immune and an even amount resisted and vulnerable reads as none: v1 cannot tell those apart, and the HP are right.
    /// </summary>
    private static string Adjustment(int amount, int applied) =>
        applied == amount ? "none"
        : applied == 0 ? "immune"
        : applied == amount / 2 ? "resisted"
        : applied == amount * 2 ? "vulnerable"
        : applied == amount / 2 * 2 ? "resisted-and-vulnerable"
        : throw new UnknownEventTypeException($"A v1 damage of {amount} cannot have landed as {applied}.");

    private static int Int(JsonObject json, string name) =>
        json[name]?.GetValue<int>() ?? throw new UnknownEventTypeException($"A v1 payload has no '{name}'.");

    private static JsonObject With(JsonObject v1, params (string Name, JsonNode? Value)[] fields)
    {
        var v2 = (JsonObject)v1.DeepClone();
        foreach (var (name, value) in fields)
        {
            v2[name] = value;
        }

        return v2;
    }
}
