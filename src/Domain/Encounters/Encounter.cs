using System.Globalization;
using System.Text;

namespace Domain;

/// <summary>One combatant as the encounter knows it; <see cref="Joined"/> counts joins, the last tie-break.</summary>
public sealed record Combatant(string Id, string Name, CombatantKind Kind, int Joined, int? Initiative = null, int? TieBreaker = null)
{
    public bool IsCharacter => Kind == CombatantKind.Character;
}

/// <summary>
/// A fight the DM runs: its combatants, their initiative order, whose turn it is and the round. Folded from its events
/// by <see cref="Evolve"/>; decisions are pure functions of the state and the command's data. Hit points are not here:
/// a blow that hits many writes the encounter's event and each target's own events in one atomic commit.
/// </summary>
/// <remarks>
/// Initiative order (SRD 5.1, Combat, "Initiative"): from the highest Dexterity check total to the lowest. A tie is the
/// DM's to decide; the ruling here: the higher <see cref="Combatant.TieBreaker"/> first (the SRD's optional d20 roll-off,
/// entered by the DM), then the combatant who joined first (the DM lists them in the order they decide).
/// </remarks>
public sealed record Encounter
{
    public const int MaxNameLength = 100;
    public const int MaxCombatants = 50;

    public static Encounter Initial { get; } = new();

    public bool Exists { get; init; }

    public string Name { get; init; } = string.Empty;

    public IReadOnlyList<Combatant> Combatants { get; init; } = [];

    /// <summary>0 until the first turn starts.</summary>
    public int Round { get; init; }

    /// <summary>Whose turn it is; null before the first turn, and after the acting combatant was removed.</summary>
    public string? CurrentCombatantId { get; init; }

    /// <summary>Where in the order the current turn stands, kept when its combatant leaves so the next turn follows on.</summary>
    public Combatant? TurnPosition { get; init; }

    public int JoinCount { get; init; }

    public bool Ended { get; init; }

    /// <summary>The combatants in initiative order; those without a roll come last, in the order they joined.</summary>
    public IReadOnlyList<Combatant> InitiativeOrder => [.. Combatants.Order(TurnOrder.Instance)];

    public Combatant? CurrentCombatant => Combatants.FirstOrDefault(c => c.Id == CurrentCombatantId);

    public static Encounter Evolve(Encounter state, EncounterEvent @event) => @event switch
    {
        EncounterStarted e => new Encounter
        {
            Exists = true,
            Name = e.Name,
            Combatants = [.. e.Combatants.Select((c, i) => new Combatant(c.Id, c.Name, c.Kind, i))],
            JoinCount = e.Combatants.Count,
        },
        InitiativeRecorded e => state with
        {
            Combatants = [.. state.Combatants.Select(c => e.Rolls.LastOrDefault(r => r.CombatantId == c.Id) is { } r
                ? c with { Initiative = r.Total, TieBreaker = r.TieBreaker }
                : c)],
        },
        TurnStarted e => state with
        {
            Round = e.Round,
            CurrentCombatantId = e.CombatantId,
            TurnPosition = state.Combatants.FirstOrDefault(c => c.Id == e.CombatantId),
        },
        CombatantAdded e => state with
        {
            Combatants =
            [
                .. state.Combatants,
                new Combatant(e.Combatant.Id, e.Combatant.Name, e.Combatant.Kind, state.JoinCount, e.Initiative?.Total, e.Initiative?.TieBreaker),
            ],
            JoinCount = state.JoinCount + 1,
        },
        CombatantRemoved e => state with
        {
            Combatants = [.. state.Combatants.Where(c => c.Id != e.CombatantId)],
            CurrentCombatantId = state.CurrentCombatantId == e.CombatantId ? null : state.CurrentCombatantId,
        },
        AreaDamageDealt or MassHealingCast => state,
        EncounterEnded => state with { Ended = true, CurrentCombatantId = null },
        _ => throw new ArgumentOutOfRangeException(nameof(@event), @event.GetType().Name, "Unknown encounter event."),
    };

    public static Encounter Replay(IEnumerable<EncounterEvent> events) => events.Aggregate(Initial, Evolve);

    /// <summary>
    /// Starts an encounter. Characters come with their ids (and names, as their streams hold them); a creature the DM
    /// runs without hit points on record (a goblin boss) comes by name only and gets an id made from it.
    /// </summary>
    public static Decision<EncounterEvent> Start(
        Encounter state, string name, IReadOnlyList<(string Id, string Name)> characters, IReadOnlyList<string>? creatures = null)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(characters);
        if (state.Exists)
        {
            return Reject(EncounterErrors.AlreadyExists());
        }

        var entries = new List<CombatantEntry>();
        foreach (var (id, characterName) in characters)
        {
            if (entries.Any(e => e.Id == id))
            {
                return Reject(EncounterErrors.DuplicateCombatant(id));
            }

            entries.Add(new CombatantEntry(id, characterName, CombatantKind.Character));
        }

        foreach (var creature in creatures ?? [])
        {
            entries.Add(new CombatantEntry(UniqueId(creature, entries.Select(e => e.Id)), creature.Trim(), CombatantKind.Creature));
        }

        return entries.Count == 0 ? Reject(EncounterErrors.NoCombatants()) : Accept(new EncounterStarted(name.Trim(), entries));
    }

    /// <summary>Records initiative rolls. Before turns start any roll may be entered again; after, only a combatant without one gets one.</summary>
    public Decision<EncounterEvent> RecordInitiative(IReadOnlyList<InitiativeRoll> rolls)
    {
        ArgumentNullException.ThrowIfNull(rolls);
        ArgumentOutOfRangeException.ThrowIfZero(rolls.Count, nameof(rolls));
        if (Guard() is { } error)
        {
            return Reject(error);
        }

        foreach (var roll in rolls)
        {
            if (Find(roll.CombatantId) is not { } combatant)
            {
                return Reject(EncounterErrors.NotACombatant(roll.CombatantId));
            }

            if (Round > 0 && combatant.Initiative is not null)
            {
                return Reject(EncounterErrors.InitiativeLocked(roll.CombatantId));
            }
        }

        return Accept(new InitiativeRecorded(rolls));
    }

    /// <summary>
    /// The next turn in initiative order: the first turn of round 1, the next combatant, or round + 1 after the last.
    /// Every combatant needs an initiative first.
    /// </summary>
    public Decision<EncounterEvent> NextTurn()
    {
        if (Guard() is { } error)
        {
            return Reject(error);
        }

        if (Combatants.Count == 0)
        {
            return Reject(EncounterErrors.NoCombatants());
        }

        if (Combatants.Where(c => c.Initiative is null).Select(c => c.Id).ToList() is { Count: > 0 } missing)
        {
            return Reject(EncounterErrors.InitiativeMissing(missing));
        }

        var order = InitiativeOrder;
        if (Round == 0 || TurnPosition is null)
        {
            return Accept(new TurnStarted(Math.Max(1, Round), order[0].Id));
        }

        var next = order.FirstOrDefault(c => TurnOrder.Instance.Compare(c, TurnPosition) > 0);
        return next is null
            ? Accept(new TurnStarted(Round + 1, order[0].Id))
            : Accept(new TurnStarted(Round, next.Id));
    }

    /// <summary>A character or creature joins mid-fight; once turns have started it needs its initiative roll.</summary>
    public Decision<EncounterEvent> AddCombatant(string? characterId, string name, CombatantKind kind, int? initiative, int? tieBreaker = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (Guard() is { } error)
        {
            return Reject(error);
        }

        if (Combatants.Count >= MaxCombatants)
        {
            return Reject(DomainError.Rule("encounter.full", $"An encounter has at most {MaxCombatants} combatants."));
        }

        var id = kind == CombatantKind.Character
            ? characterId ?? throw new ArgumentNullException(nameof(characterId))
            : UniqueId(name, Combatants.Select(c => c.Id));
        if (Find(id) is not null)
        {
            return Reject(EncounterErrors.DuplicateCombatant(id));
        }

        if (Round > 0 && initiative is null)
        {
            return Reject(EncounterErrors.InitiativeRequired());
        }

        var roll = initiative is { } total ? new InitiativeRoll(id, total, tieBreaker) : null;
        return Accept(new CombatantAdded(new CombatantEntry(id, name.Trim(), kind), roll));
    }

    /// <summary>A combatant leaves (fled, dead, dismissed). If it was acting, the next turn follows on from its place.</summary>
    public Decision<EncounterEvent> RemoveCombatant(string combatantId, string? reason = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(combatantId);
        return Guard() is { } error ? Reject(error)
            : Find(combatantId) is null ? Reject(EncounterErrors.NotACombatant(combatantId))
            : Accept(new CombatantRemoved(combatantId, string.IsNullOrWhiteSpace(reason) ? null : reason.Trim()));
    }

    public Decision<EncounterEvent> End() =>
        Guard() is { } error ? Reject(error) : Accept(new EncounterEnded(Round));

    /// <summary>
    /// The encounter's side of an area blow: every target must be a character combatant. The amount each target is dealt
    /// is the rolled amount, or half of it rounded down on a successful save (nothing when <paramref name="halfOnSave"/>
    /// is false); each character's own resistance, vulnerability and immunity come after, in its own decision.
    /// </summary>
    public Decision<EncounterEvent> DealAreaDamage(
        string source, int amount, DamageType damageType, int? saveDc, bool halfOnSave, IReadOnlyList<(string CombatantId, bool? Saved)> targets)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(amount);
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentOutOfRangeException.ThrowIfZero(targets.Count, nameof(targets));
        if (GuardTargets(targets.Select(t => t.CombatantId)) is { } error)
        {
            return Reject(error);
        }

        var dealt = targets.Select(t => new AreaDamageTarget(t.CombatantId, t.Saved, AmountAfterSave(amount, t.Saved, halfOnSave))).ToList();
        return Accept(new AreaDamageDealt(source.Trim(), amount, damageType, saveDc, halfOnSave, dealt));
    }

    /// <summary>The encounter's side of mass healing: every target must be a character combatant.</summary>
    public Decision<EncounterEvent> CastMassHealing(string source, IReadOnlyList<(string CombatantId, int Amount)> targets)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentOutOfRangeException.ThrowIfZero(targets.Count, nameof(targets));
        return GuardTargets(targets.Select(t => t.CombatantId)) is { } error
            ? Reject(error)
            : Accept(new MassHealingCast(source.Trim(), [.. targets.Select(t => new HealingTarget(t.CombatantId, t.Amount))]));
    }

    /// <summary>
    /// SRD 5.1 Spellcasting, Saving Throws: a successful save often means half damage; Damage Resistance: "Resistance and
    /// then vulnerability are applied after all other modifiers to damage", so halving on a save comes first (rounded down).
    /// </summary>
    public static int AmountAfterSave(int amount, bool? saved, bool halfOnSave) =>
        saved is true ? (halfOnSave ? amount / 2 : 0) : amount;

    public Combatant? Find(string id) => Combatants.FirstOrDefault(c => c.Id == id);

    private DomainError? Guard() =>
        !Exists ? EncounterErrors.DoesNotExist()
        : Ended ? EncounterErrors.Ended()
        : null;

    private DomainError? GuardTargets(IEnumerable<string> ids)
    {
        if (Guard() is { } error)
        {
            return error;
        }

        foreach (var id in ids)
        {
            switch (Find(id))
            {
                case null:
                    return EncounterErrors.NotACombatant(id);
                case { IsCharacter: false }:
                    return EncounterErrors.NotACharacter(id);
            }
        }

        return null;
    }

    /// <summary>A creature's id: its name in lower case, letters and digits kept, the rest '-', then "-2", "-3"... if taken.</summary>
    public static string UniqueId(string name, IEnumerable<string> taken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var slug = new StringBuilder();
        foreach (var c in name.Trim().ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                slug.Append(c);
            }
            else if (slug.Length > 0 && slug[^1] != '-')
            {
                slug.Append('-');
            }
        }

        var stem = slug.ToString().Trim('-');
        stem = stem.Length == 0 ? "creature" : stem[..Math.Min(stem.Length, 40)];
        var used = taken.ToHashSet(StringComparer.Ordinal);
        var id = stem;
        for (var n = 2; used.Contains(id); n++)
        {
            id = stem + "-" + n.ToString(CultureInfo.InvariantCulture);
        }

        return id;
    }

    private static Decision<EncounterEvent> Accept(params EncounterEvent[] events) => Decision.Accept(events);

    private static Decision<EncounterEvent> Reject(DomainError error) => Decision.Reject<EncounterEvent>(error);

    /// <summary>Highest total first; ties: the higher tie-breaker (none is lowest), then who joined first.</summary>
    private sealed class TurnOrder : IComparer<Combatant>
    {
        public static readonly TurnOrder Instance = new();

        public int Compare(Combatant? x, Combatant? y)
        {
            ArgumentNullException.ThrowIfNull(x);
            ArgumentNullException.ThrowIfNull(y);
            var byTotal = (y.Initiative ?? int.MinValue).CompareTo(x.Initiative ?? int.MinValue);
            if (byTotal != 0)
            {
                return byTotal;
            }

            var byTie = (y.TieBreaker ?? int.MinValue).CompareTo(x.TieBreaker ?? int.MinValue);
            return byTie != 0 ? byTie : x.Joined.CompareTo(y.Joined);
        }
    }
}
