namespace Domain;

/// <summary>
/// A character's hit points, never stored as a mutable value: it is folded from the character's events by
/// <see cref="Evolve"/>. Decisions are pure functions of the state and the command's data that return
/// the events to append or the rule that forbids the command.
/// </summary>
public sealed record CharacterHitPoints
{
    public const int MaxNameLength = 100;
    public const int MinMaximumHitPoints = 1;
    public const int MaxMaximumHitPoints = 1000;
    public const int MaxNoteLength = 500;
    public const int MaxSourceLength = 100;
    public const int MaxAmount = 10_000;
    public const int DeathSavesToResolve = 3;

    public static CharacterHitPoints Initial { get; } = new();

    public bool Exists { get; init; }

    public string Name { get; init; } = string.Empty;

    public int MaximumHitPoints { get; init; }

    public int CurrentHitPoints { get; init; }

    public int TemporaryHitPoints { get; init; }

    public IReadOnlyList<DamageType> Resistances { get; init; } = [];

    public IReadOnlyList<DamageType> Vulnerabilities { get; init; } = [];

    public IReadOnlyList<DamageType> Immunities { get; init; } = [];

    public int DeathSaveSuccesses { get; init; }

    public int DeathSaveFailures { get; init; }

    public bool IsDead { get; init; }

    /// <summary>At 0 hit points but no longer dying: three successful death saves, after which both counts reset.</summary>
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
            MaximumHitPoints = e.MaximumHitPoints,
            CurrentHitPoints = e.MaximumHitPoints,
            Resistances = e.Resistances,
            Vulnerabilities = e.Vulnerabilities,
            Immunities = e.Immunities,
        },
        DamageTaken e => state with
        {
            TemporaryHitPoints = state.TemporaryHitPoints - e.AbsorbedByTemporaryHitPoints,
            CurrentHitPoints = state.CurrentHitPoints - e.HitPointsLost,
        },
        // The third success makes the character stable, and both counts reset to zero.
        DeathSaveRecorded { Outcome: DeathSaveOutcome.Success } when state.DeathSaveSuccesses + 1 >= DeathSavesToResolve => state with
        {
            IsStable = true,
            DeathSaveSuccesses = 0,
            DeathSaveFailures = 0,
        },
        DeathSaveRecorded { Outcome: DeathSaveOutcome.Success } => state with
        {
            DeathSaveSuccesses = state.DeathSaveSuccesses + 1,
        },
        DeathSaveRecorded { Outcome: DeathSaveOutcome.Failure } => state with
        {
            // A stable character who takes damage starts dying again.
            IsStable = false,
            DeathSaveFailures = state.DeathSaveFailures + 1,
        },
        CharacterDied => state with { IsDead = true },
        Healed e => state with
        {
            CurrentHitPoints = state.CurrentHitPoints + e.HitPointsRestored,
            IsStable = false,
            DeathSaveSuccesses = 0,
            DeathSaveFailures = 0,
        },
        TemporaryHitPointsGranted e => state with
        {
            TemporaryHitPoints = Math.Max(state.TemporaryHitPoints, e.Amount),
        },
        LongRestTaken e => state with
        {
            CurrentHitPoints = state.CurrentHitPoints + e.HitPointsRestored,
            TemporaryHitPoints = 0,
            IsStable = false,
            DeathSaveSuccesses = 0,
            DeathSaveFailures = 0,
        },
        _ => throw new ArgumentOutOfRangeException(nameof(@event), @event.GetType().Name, "Unknown character event."),
    };

    public static CharacterHitPoints Replay(IEnumerable<CharacterEvent> events) => Fold(Initial, events);

    public static CharacterHitPoints Fold(CharacterHitPoints state, IEnumerable<CharacterEvent> events) =>
        events.Aggregate(state, Evolve);

    /// <summary>Creates a character at full hit points.</summary>
    public static Decision<CharacterEvent> Create(
        CharacterHitPoints state,
        string name,
        int maximumHitPoints,
        IEnumerable<DamageType>? resistances = null,
        IEnumerable<DamageType>? vulnerabilities = null,
        IEnumerable<DamageType>? immunities = null)
    {
        if (state.Exists)
        {
            return Reject(CharacterErrors.AlreadyExists());
        }

        var trimmed = name?.Trim() ?? string.Empty;
        if (trimmed.Length is 0 or > MaxNameLength)
        {
            return Reject(DomainError.Rule(
                "character.name", $"A name has 1 to {MaxNameLength} characters after trimming."));
        }

        if (maximumHitPoints is < MinMaximumHitPoints or > MaxMaximumHitPoints)
        {
            return Reject(DomainError.Rule(
                "character.maximum-hit-points",
                $"Maximum hit points are between {MinMaximumHitPoints} and {MaxMaximumHitPoints}."));
        }

        return Accept(new CharacterCreated(
            trimmed,
            maximumHitPoints,
            Normalize(resistances),
            Normalize(vulnerabilities),
            Normalize(immunities)));
    }

    /// <summary>
    /// Damage: immunity makes it 0, then resistance halves it (rounded down), then vulnerability doubles it.
    /// Temporary hit points absorb it first; hit points never go below 0.
    /// </summary>
    public Decision<CharacterEvent> TakeDamage(int amount, DamageType damageType, string? source = null, string? note = null)
    {
        if (Guard("take damage") is { } error)
        {
            return Reject(error);
        }

        if (amount is < 1 or > MaxAmount)
        {
            return Reject(DomainError.Rule("damage.amount", $"Damage is between 1 and {MaxAmount}."));
        }

        if (!Enum.IsDefined(damageType))
        {
            return Reject(DomainError.Rule("damage.type", "Unknown damage type."));
        }

        if (note is { Length: > MaxNoteLength })
        {
            return Reject(DomainError.Rule("damage.note", $"A note has at most {MaxNoteLength} characters."));
        }

        var applied = AdjustForDefenses(amount, damageType);
        var absorbed = Math.Min(TemporaryHitPoints, applied);
        var pastTemporary = applied - absorbed;
        var lost = Math.Min(CurrentHitPoints, pastTemporary);
        var damage = new DamageTaken(amount, damageType, Blank(source), Blank(note), applied, absorbed, lost);

        if (CurrentHitPoints > 0)
        {
            var leftover = pastTemporary - CurrentHitPoints;
            return pastTemporary >= CurrentHitPoints && leftover >= MaximumHitPoints
                ? Accept(damage, new CharacterDied(DeathCause.MassiveDamage))
                : Accept(damage);
        }

        // At 0 hit points only damage that gets past temporary hit points hurts.
        if (pastTemporary == 0)
        {
            return Accept(damage);
        }

        if (pastTemporary >= MaximumHitPoints)
        {
            return Accept(damage, new CharacterDied(DeathCause.MassiveDamage));
        }

        var failure = new DeathSaveRecorded(DeathSaveOutcome.Failure, DeathSaveCause.Damage);
        return DeathSaveFailures + 1 >= DeathSavesToResolve
            ? Accept(damage, failure, new CharacterDied(DeathCause.FailedDeathSaves))
            : Accept(damage, failure);
    }

    /// <summary>A death saving throw, rolled only at 0 hit points by a character who is neither stable nor dead.</summary>
    public Decision<CharacterEvent> RecordDeathSave(DeathSaveOutcome outcome)
    {
        if (Guard("make death saving throws") is { } error)
        {
            return Reject(error);
        }

        if (!Enum.IsDefined(outcome))
        {
            return Reject(DomainError.Rule("death-save.outcome", "A death save is a success or a failure."));
        }

        if (CurrentHitPoints > 0)
        {
            return Reject(DomainError.Rule(
                "character.not-dying", "Death saving throws are made only at 0 hit points."));
        }

        if (Condition == Condition.Stable)
        {
            return Reject(DomainError.Rule(
                "character.stable", "A stable character makes no death saving throws."));
        }

        var save = new DeathSaveRecorded(outcome, DeathSaveCause.Roll);
        return outcome == DeathSaveOutcome.Failure && DeathSaveFailures + 1 >= DeathSavesToResolve
            ? Accept(save, new CharacterDied(DeathCause.FailedDeathSaves))
            : Accept(save);
    }

    /// <summary>Healing, capped at the maximum. It wakes an unconscious character and resets death saves.</summary>
    public Decision<CharacterEvent> Heal(int amount)
    {
        if (Guard("be healed") is { } error)
        {
            return Reject(error);
        }

        if (amount is < 1 or > MaxAmount)
        {
            return Reject(DomainError.Rule("healing.amount", $"Healing is between 1 and {MaxAmount}."));
        }

        return Accept(new Healed(amount, Math.Min(amount, MaximumHitPoints - CurrentHitPoints)));
    }

    /// <summary>Temporary hit points do not stack: the character keeps the higher value.</summary>
    public Decision<CharacterEvent> GrantTemporaryHitPoints(int amount)
    {
        if (Guard("gain temporary hit points") is { } error)
        {
            return Reject(error);
        }

        if (amount is < 1 or > MaxAmount)
        {
            return Reject(DomainError.Rule(
                "temporary-hit-points.amount", $"Temporary hit points are between 1 and {MaxAmount}."));
        }

        return Accept(new TemporaryHitPointsGranted(amount));
    }

    /// <summary>A long rest restores hit points and clears temporary hit points and death saves.</summary>
    public Decision<CharacterEvent> TakeLongRest()
    {
        if (Guard("take a long rest") is { } error)
        {
            return Reject(error);
        }

        return Accept(new LongRestTaken(MaximumHitPoints - CurrentHitPoints));
    }

    private static Decision<CharacterEvent> Accept(params CharacterEvent[] events) => Decision<CharacterEvent>.Accept(events);

    private static Decision<CharacterEvent> Reject(DomainError error) => Decision<CharacterEvent>.Reject(error);

    private DomainError? Guard(string action) =>
        !Exists ? CharacterErrors.DoesNotExist()
        : IsDead ? CharacterErrors.IsDead(action)
        : null;

    private int AdjustForDefenses(int amount, DamageType damageType)
    {
        if (Immunities.Contains(damageType))
        {
            return 0;
        }

        var adjusted = amount;
        if (Resistances.Contains(damageType))
        {
            adjusted /= 2;
        }

        if (Vulnerabilities.Contains(damageType))
        {
            adjusted *= 2;
        }

        return adjusted;
    }

    private static DamageType[] Normalize(IEnumerable<DamageType>? types) =>
        types is null ? [] : [.. types.Distinct().Order()];

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
