namespace Domain;

public sealed partial record CharacterHitPoints
{
    public const int DeathSaveDifficulty = 10;
    public const int MedicineCheckDifficulty = 10;
    public const int D20 = 20;
    public const int StableRecoveryDieFaces = 4;

    /// <summary>
    /// A death saving throw as the d20 rolled (1..20): 10 or more succeeds, a 1 counts as two failures,
    /// a 20 regains 1 hit point. Only at 0 hit points, for a character who is neither stable nor dead.
    /// </summary>
    public Decision<CharacterEvent> RecordDeathSave(int roll)
    {
        if (CanMakeDeathSave() is { } error)
        {
            return Reject(error);
        }

        if (roll is < 1 or > D20)
        {
            return Reject(CharacterErrors.DeathSaveRollOutOfRange());
        }

        var save = roll switch
        {
            D20 => new DeathSaveRecorded(DeathSaveOutcome.CriticalSuccess, DeathSaveCause.Roll, roll),
            1 => new DeathSaveRecorded(DeathSaveOutcome.Failure, DeathSaveCause.Roll, roll, 2),
            >= DeathSaveDifficulty => new DeathSaveRecorded(DeathSaveOutcome.Success, DeathSaveCause.Roll, roll),
            _ => new DeathSaveRecorded(DeathSaveOutcome.Failure, DeathSaveCause.Roll, roll),
        };
        return Resolve(save);
    }

    /// <summary>
    /// A death saving throw whose roll was not recorded (the v1 command): counts as one success or failure,
    /// or as a natural 20. Prefer <see cref="RecordDeathSave(int)"/>.
    /// </summary>
    public Decision<CharacterEvent> RecordDeathSave(DeathSaveOutcome outcome)
    {
        RequireDefined(outcome);
        return CanMakeDeathSave() is { } error ? Reject(error) : Resolve(new DeathSaveRecorded(outcome, DeathSaveCause.Roll));
    }

    /// <summary>
    /// Stabilising a dying creature without three successes: a DC 10 Wisdom (Medicine) check
    /// (<paramref name="check"/> is its total), Spare the Dying, or a healer's kit. Knocking out is part of a hit.
    /// </summary>
    public Decision<CharacterEvent> Stabilize(StabilizationMethod method, string? by = null, int? check = null)
    {
        RequireDefined(method);
        if (CanMakeDeathSave() is { } error)
        {
            return Reject(error);
        }

        return method switch
        {
            StabilizationMethod.KnockedOut => Reject(CharacterErrors.KnockOutIsPartOfAHit()),
            StabilizationMethod.MedicineCheck when check is null => Reject(CharacterErrors.MedicineCheckNeeded()),
            StabilizationMethod.MedicineCheck when check < MedicineCheckDifficulty => Reject(CharacterErrors.MedicineCheckFailed()),
            StabilizationMethod.MedicineCheck => Accept(new CharacterStabilized(method, Blank(by), check)),
            _ => Accept(new CharacterStabilized(method, Blank(by))),
        };
    }

    /// <summary>A stable creature that is not healed regains 1 hit point after 1d4 hours; the DM records the hours.</summary>
    public Decision<CharacterEvent> RecoverFromStability(int hours)
    {
        if (Guard("recover") is { } error)
        {
            return Reject(error);
        }

        if (Condition != Condition.Stable)
        {
            return Reject(CharacterErrors.NotStable());
        }

        return hours is < 1 or > StableRecoveryDieFaces
            ? Reject(CharacterErrors.StableRecoveryHoursOutOfRange())
            : Accept(new RecoveredFromStability(hours));
    }

    /// <summary>Magic such as Revivify (1 hit point) returns a dead character to life, whatever killed it.</summary>
    public Decision<CharacterEvent> Revive(string spell, int hitPoints)
    {
        var name = RequireText(spell, nameof(spell));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(hitPoints);
        if (!Exists)
        {
            return Reject(CharacterErrors.DoesNotExist());
        }

        if (!IsDead)
        {
            return Reject(CharacterErrors.NotDead());
        }

        // The reduction lasts until a long rest, which the dead cannot take: there is no hit point to return to.
        if (MaximumHitPoints == 0)
        {
            return Reject(CharacterErrors.NoMaximumToReviveInto());
        }

        return Accept(new CharacterRevived(name, Math.Min(hitPoints, MaximumHitPoints)));
    }

    private DomainError? CanMakeDeathSave() =>
        Guard("make death saving throws")
        ?? (CurrentHitPoints > 0 ? CharacterErrors.NotDying()
        : IsStable ? CharacterErrors.Stable()
        : null);

    private Decision<CharacterEvent> Resolve(DeathSaveRecorded save) =>
        save.Outcome == DeathSaveOutcome.Failure && DeathSaveFailures + save.Count >= DeathSavesToResolve
            ? Accept(save, new CharacterDied(DeathCause.FailedDeathSaves))
            : Accept(save);
}
