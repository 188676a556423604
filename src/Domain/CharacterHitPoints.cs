namespace Domain;

/// <summary>
/// A character's hit points, never stored as a mutable value: it is folded from the character's events by
/// <see cref="Evolve"/>. Decisions (in the other parts of this record, one file per rule area) are pure
/// functions of the state and the command's data that return the events to append or the rule that forbids
/// the command. Input shape (lengths, ranges of amounts, defined enums) is the application validators' job:
/// a decision throws <see cref="ArgumentException"/> on input that only a missing validator lets through.
/// </summary>
public sealed partial record CharacterHitPoints
{
    public const int MaxNameLength = 100;
    public const int MinMaximumHitPoints = 1;
    public const int MaxMaximumHitPoints = 1000;
    public const int MaxNoteLength = 500;
    public const int MaxSourceLength = 100;
    public const int MaxAmount = 10_000;
    public const int DeathSavesToResolve = 3;
    public const int MinLevel = 1;
    public const int MaxLevel = 20;

    public static CharacterHitPoints Initial { get; } = new();

    public bool Exists { get; init; }

    public string Name { get; init; } = string.Empty;

    /// <summary>The maximum from creation, levels and Constitution, before temporary increases and reductions.</summary>
    public int BaseMaximumHitPoints { get; init; }

    /// <summary>Active increases of the maximum (Aid), each from its source.</summary>
    public IReadOnlyList<MaximumIncrease> MaximumIncreases { get; init; } = [];

    /// <summary>The total reduction of the maximum (Life Drain); it ends at a long rest.</summary>
    public int MaximumReduction { get; init; }

    /// <summary>The hit point maximum now: never below 0, and current hit points never above it.</summary>
    public int MaximumHitPoints => Math.Max(0, BaseMaximumHitPoints + MaximumIncreases.Sum(i => i.Amount) - MaximumReduction);

    public int CurrentHitPoints { get; init; }

    public int TemporaryHitPoints { get; init; }

    public int Level { get; init; } = MinLevel;

    /// <summary>Null when unknown: Hit Dice cannot be spent then.</summary>
    public HitDie? HitDie { get; init; }

    public int ConstitutionModifier { get; init; }

    public int SpentHitDice { get; init; }

    /// <summary>A character has as many Hit Dice as levels.</summary>
    public int HitDiceLeft => Level - SpentHitDice;

    /// <summary>Every defence held and where it comes from.</summary>
    public IReadOnlyList<DefenseGrant> Defenses { get; init; } = [];

    public IReadOnlyList<DamageType> Resistances => Held(Defense.Resistance);

    public IReadOnlyList<DamageType> Vulnerabilities => Held(Defense.Vulnerability);

    public IReadOnlyList<DamageType> Immunities => Held(Defense.Immunity);

    public int DeathSaveSuccesses { get; init; }

    public int DeathSaveFailures { get; init; }

    public bool IsDead { get; init; }

    /// <summary>At 0 hit points but no longer dying: three successful death saves or first aid, after which both counts reset.</summary>
    public bool IsStable { get; init; }

    public Condition Condition =>
        IsDead ? Condition.Dead
        : CurrentHitPoints > 0 ? Condition.Conscious
        : IsStable ? Condition.Stable
        : Condition.Unconscious;

    /// <summary>Folds one event into the state. Pure: the same state and event always give the same result.</summary>
    public static CharacterHitPoints Evolve(CharacterHitPoints state, CharacterEvent @event) => @event switch
    {
        CharacterCreated e => new CharacterHitPoints
        {
            Exists = true,
            Name = e.Name,
            BaseMaximumHitPoints = e.MaximumHitPoints,
            CurrentHitPoints = e.MaximumHitPoints,
            Level = e.Level,
            HitDie = e.HitDie,
            ConstitutionModifier = e.ConstitutionModifier,
            Defenses =
            [
                .. e.Resistances.Select(t => new DefenseGrant(Defense.Resistance, t, null)),
                .. e.Vulnerabilities.Select(t => new DefenseGrant(Defense.Vulnerability, t, null)),
                .. e.Immunities.Select(t => new DefenseGrant(Defense.Immunity, t, null)),
            ],
        },
        DamageTaken e => state with
        {
            TemporaryHitPoints = state.TemporaryHitPoints - e.AbsorbedByTemporaryHitPoints,
            CurrentHitPoints = state.CurrentHitPoints - e.HitPointsLost,
        },
        // The third success makes the character stable, and both counts reset to zero.
        DeathSaveRecorded { Outcome: DeathSaveOutcome.Success } e when state.DeathSaveSuccesses + e.Count >= DeathSavesToResolve =>
            state with { IsStable = true, DeathSaveSuccesses = 0, DeathSaveFailures = 0 },
        DeathSaveRecorded { Outcome: DeathSaveOutcome.Success } e => state with
        {
            DeathSaveSuccesses = state.DeathSaveSuccesses + e.Count,
        },
        DeathSaveRecorded { Outcome: DeathSaveOutcome.Failure } e => state with
        {
            // A stable character who takes damage starts dying again.
            IsStable = false,
            DeathSaveFailures = state.DeathSaveFailures + e.Count,
        },
        DeathSaveRecorded { Outcome: DeathSaveOutcome.CriticalSuccess } => Awake(state, Math.Min(1, state.MaximumHitPoints)),
        CharacterDied => state with { IsDead = true, IsStable = false, TemporaryHitPoints = 0 },
        CharacterRevived e => Awake(state with { IsDead = false }, e.HitPoints),
        Healed e => Awake(state, state.CurrentHitPoints + e.HitPointsRestored),
        TemporaryHitPointsGranted e => state with
        {
            TemporaryHitPoints = e.TemporaryHitPoints ?? Math.Max(state.TemporaryHitPoints, e.Amount),
        },
        CharacterStabilized => state with { IsStable = true, DeathSaveSuccesses = 0, DeathSaveFailures = 0 },
        RecoveredFromStability => Awake(state, 1),
        HitDiceSpent e => Regain(state with { SpentHitDice = state.SpentHitDice + e.Rolls.Count }, e.HitPointsRestored),
        LongRestTaken e => Awake(
            state with
            {
                TemporaryHitPoints = 0,
                MaximumReduction = state.MaximumReduction - e.MaximumReductionEnded,
                SpentHitDice = state.SpentHitDice - e.HitDiceRestored,
            },
            state.CurrentHitPoints + e.HitPointsRestored),
        LevelGained e => Regain(
            state with { Level = e.Level, BaseMaximumHitPoints = state.BaseMaximumHitPoints + e.MaximumHitPointsIncrease },
            e.HitPointsGained),
        ConstitutionModifierChanged e => state with
        {
            ConstitutionModifier = e.ConstitutionModifier,
            BaseMaximumHitPoints = state.BaseMaximumHitPoints + e.MaximumHitPointsChange,
            CurrentHitPoints = state.CurrentHitPoints + e.HitPointsChange,
        },
        MaximumHitPointsIncreased e => Regain(
            state with { MaximumIncreases = [.. state.MaximumIncreases, new MaximumIncrease(e.Source, e.Amount)] },
            e.Amount),
        MaximumHitPointsIncreaseEnded e => state with
        {
            MaximumIncreases = [.. state.MaximumIncreases.Where(i => i.Source != e.Source)],
            CurrentHitPoints = state.CurrentHitPoints - e.HitPointsLost,
        },
        MaximumHitPointsReduced e => state with
        {
            MaximumReduction = state.MaximumReduction + e.Amount,
            CurrentHitPoints = state.CurrentHitPoints - e.HitPointsLost,
        },
        DefenseGained e => state with
        {
            Defenses = [.. state.Defenses, .. e.DamageTypes.Select(t => new DefenseGrant(e.Defense, t, e.Source))],
        },
        DefenseLost e => state with
        {
            Defenses = [.. state.Defenses.Where(d => !(d.Defense == e.Defense && d.Source == e.Source && e.DamageTypes.Contains(d.DamageType)))],
        },
        _ => throw new ArgumentOutOfRangeException(nameof(@event), @event.GetType().Name, "Unknown character event."),
    };

    public static CharacterHitPoints Replay(IEnumerable<CharacterEvent> events) => Fold(Initial, events);

    public static CharacterHitPoints Fold(CharacterHitPoints state, IEnumerable<CharacterEvent> events) =>
        events.Aggregate(state, Evolve);

    /// <summary>Creates a character at full hit points, at <paramref name="level"/> with that many Hit Dice, none spent.</summary>
    public static Decision<CharacterEvent> Create(
        CharacterHitPoints state,
        string name,
        int maximumHitPoints,
        IEnumerable<DamageType>? resistances = null,
        IEnumerable<DamageType>? vulnerabilities = null,
        IEnumerable<DamageType>? immunities = null,
        int level = MinLevel,
        HitDie? hitDie = null,
        int constitutionModifier = 0)
    {
        ArgumentNullException.ThrowIfNull(state);
        var trimmed = name?.Trim() ?? string.Empty;
        ArgumentException.ThrowIfNullOrEmpty(trimmed, nameof(name));
        ArgumentOutOfRangeException.ThrowIfLessThan(maximumHitPoints, MinMaximumHitPoints);
        RequireDefined(resistances);
        RequireDefined(vulnerabilities);
        RequireDefined(immunities);
        if (hitDie is { } die)
        {
            RequireDefined(die);
        }

        if (state.Exists)
        {
            return Reject(CharacterErrors.AlreadyExists());
        }

        if (level is < MinLevel or > MaxLevel)
        {
            return Reject(CharacterErrors.LevelOutOfRange());
        }

        return Accept(new CharacterCreated(
            trimmed,
            maximumHitPoints,
            Normalize(resistances),
            Normalize(vulnerabilities),
            Normalize(immunities),
            level,
            hitDie,
            constitutionModifier));
    }

    private static CharacterHitPoints Awake(CharacterHitPoints state, int hitPoints) => state with
    {
        CurrentHitPoints = hitPoints,
        IsStable = false,
        DeathSaveSuccesses = 0,
        DeathSaveFailures = 0,
    };

    /// <summary>Any hit points regained wake the character and reset its death saves; none leave it as it was.</summary>
    private static CharacterHitPoints Regain(CharacterHitPoints state, int hitPoints) =>
        hitPoints > 0 ? Awake(state, state.CurrentHitPoints + hitPoints) : state;

    private static Decision<CharacterEvent> Accept(params CharacterEvent[] events) => Decision.Accept(events);

    private static Decision<CharacterEvent> Reject(DomainError error) => Decision.Reject<CharacterEvent>(error);

    private DomainError? Guard(string action) =>
        !Exists ? CharacterErrors.DoesNotExist()
        : IsDead ? CharacterErrors.IsDead(action)
        : null;

    private DamageType[] Held(Defense defense) => [.. Defenses.Where(d => d.Defense == defense).Select(d => d.DamageType).Distinct().Order()];

    private static DamageType[] Normalize(IEnumerable<DamageType>? types) =>
        types is null ? [] : [.. types.Distinct().Order()];

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static void RequireDefined<TEnum>(TEnum value)
        where TEnum : struct, Enum
    {
        if (!Enum.IsDefined(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, $"Unknown {typeof(TEnum).Name}.");
        }
    }

    private static void RequireDefined(IEnumerable<DamageType>? types)
    {
        foreach (var type in types ?? [])
        {
            RequireDefined(type);
        }
    }

    private static string RequireText(string? text, string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text, name);
        return text.Trim();
    }
}
