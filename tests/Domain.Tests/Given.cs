namespace Domain.Tests;

/// <summary>Test vocabulary: given these events, when a decision, then events or an error.</summary>
internal static class Given
{
    public static CharacterHitPoints Events(params CharacterEvent[] events) => CharacterHitPoints.Replay(events);

    public static CharacterCreated Created(
        int maximumHitPoints = 8,
        DamageType[]? resist = null,
        DamageType[]? vulnerable = null,
        DamageType[]? immune = null,
        int level = 1,
        HitDie? hitDie = null,
        int constitution = 0) =>
        new("Tordek", maximumHitPoints, resist ?? [], vulnerable ?? [], immune ?? [], level, hitDie, constitution);

    public static CharacterHitPoints Character(
        int maximumHitPoints = 8,
        DamageType[]? resist = null,
        DamageType[]? vulnerable = null,
        DamageType[]? immune = null,
        int level = 1,
        HitDie? hitDie = null,
        int constitution = 0) =>
        Events(Created(maximumHitPoints, resist, vulnerable, immune, level, hitDie, constitution));

    /// <summary>Folds the decision's events into the state, failing the test if the decision was rejected.</summary>
    public static CharacterHitPoints Then(this CharacterHitPoints state, Decision<CharacterEvent> decision)
    {
        Assert.True(decision.IsAccepted, decision.Error?.Message);
        return CharacterHitPoints.Fold(state, decision.Events);
    }

    /// <summary>Applies a decision to the state: <c>state.After(s => s.Heal(3))</c>.</summary>
    public static CharacterHitPoints After(this CharacterHitPoints state, Func<CharacterHitPoints, Decision<CharacterEvent>> decide) =>
        state.Then(decide(state));

    /// <summary>A character at 0 hit points, unconscious, with no death saves yet.</summary>
    public static CharacterHitPoints Unconscious(int maximumHitPoints = 8) =>
        Character(maximumHitPoints).After(s => s.TakeDamage(maximumHitPoints, DamageType.Slashing));

    /// <summary>At 0 hit points after three successful death saves.</summary>
    public static CharacterHitPoints Stable(int maximumHitPoints = 8) =>
        Unconscious(maximumHitPoints).After(s => s.RecordDeathSave(10)).After(s => s.RecordDeathSave(10)).After(s => s.RecordDeathSave(10));

    public static CharacterHitPoints Dead() =>
        Character().After(s => s.TakeDamage(16, DamageType.Fire));

    public static DamageRoll[] Hit(params (int Amount, DamageType Type)[] parts) => [.. parts.Select(p => new DamageRoll(p.Amount, p.Type))];

    public static string? Code(this Decision<CharacterEvent> decision) => decision.Error?.Code;
}
