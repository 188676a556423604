namespace Domain.Tests;

/// <summary>Test vocabulary: given these events, when a decision, then events or an error.</summary>
internal static class Given
{
    public static CharacterHitPoints Events(params CharacterEvent[] events) => CharacterHitPoints.Replay(events);

    public static CharacterCreated Created(int maximumHitPoints = 8, DamageType[]? resist = null, DamageType[]? vulnerable = null, DamageType[]? immune = null) =>
        new("Tordek", maximumHitPoints, resist ?? [], vulnerable ?? [], immune ?? []);

    public static CharacterHitPoints Character(int maximumHitPoints = 8, DamageType[]? resist = null, DamageType[]? vulnerable = null, DamageType[]? immune = null) =>
        Events(Created(maximumHitPoints, resist, vulnerable, immune));

    /// <summary>Folds the decision's events into the state, failing the test if the decision was rejected.</summary>
    public static CharacterHitPoints Then(this CharacterHitPoints state, Decision<CharacterEvent> decision)
    {
        Assert.True(decision.IsAccepted, decision.Error?.Message);
        return CharacterHitPoints.Fold(state, decision.Events);
    }

    /// <summary>A character at 0 hit points, unconscious, with no death saves yet.</summary>
    public static CharacterHitPoints Unconscious(int maximumHitPoints = 8) =>
        Character(maximumHitPoints).Then(Character(maximumHitPoints).TakeDamage(maximumHitPoints, DamageType.Slashing));

    public static CharacterHitPoints Dead() =>
        Character().Then(Character().TakeDamage(16, DamageType.Fire));
}
