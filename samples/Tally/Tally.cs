using EventSourcing;

namespace Tally;

/// <summary>The events of a tally: a named count that only goes up.</summary>
public abstract record TallyEvent;

public sealed record TallyOpened(string Name) : TallyEvent;

public sealed record TallyCounted(int By) : TallyEvent;

/// <summary>
/// A tally ("goblins slain") folded from its events. The whole aggregate: its state, its fold, its decisions, and one
/// <see cref="Definition"/> for the generic command path.
/// </summary>
public sealed record TallyState(bool Exists, string Name, int Count)
{
    public const string Category = "tally";

    public const int MaxCount = 1_000_000;

    public static TallyState Initial { get; } = new(false, string.Empty, 0);

    public static AggregateDefinition<TallyState, TallyEvent> Definition { get; } = new(
        Category,
        Initial,
        Evolve,
        SnapshotCodec.Json<TallyState>(1),
        registry => registry.Bind<TallyOpened>("tally-opened").Bind<TallyCounted>("tally-counted"));

    public static TallyState Evolve(TallyState state, TallyEvent @event) => @event switch
    {
        TallyOpened e => new TallyState(true, e.Name, 0),
        TallyCounted e => state with { Count = state.Count + e.By },
        _ => throw new ArgumentOutOfRangeException(nameof(@event), @event.GetType().Name, "Unknown tally event."),
    };

    public static CommandDecision<TallyEvent> Open(TallyState state, string name) =>
        state.Exists
            ? CommandDecision.BreaksRule<TallyEvent>("tally.already-open", "The tally is already open.")
            : CommandDecision.Accept<TallyEvent>([new TallyOpened(name)]);

    public static CommandDecision<TallyEvent> CountUp(TallyState state, int by) =>
        !state.Exists ? CommandDecision.NotFound<TallyEvent>()
        : by < 1 || state.Count + by > MaxCount ? CommandDecision.BreaksRule<TallyEvent>("tally.out-of-range", $"A tally counts up, to at most {MaxCount}.")
        : CommandDecision.Accept<TallyEvent>([new TallyCounted(by)]);
}

/// <summary>Opens a tally. The command id, when given, makes a retry safe.</summary>
public sealed record OpenTally(string TallyId, string Name, Guid? CommandId = null) : IAggregateCommand
{
    string IAggregateCommand.AggregateId => TallyId;

    long? IAggregateCommand.ExpectedVersion => null;

    Guid? IAggregateCommand.CorrelationId => null;
}

/// <summary>Counts up.</summary>
public sealed record CountTally(string TallyId, int By, Guid? CommandId = null, long? ExpectedVersion = null) : IAggregateCommand
{
    string IAggregateCommand.AggregateId => TallyId;

    Guid? IAggregateCommand.CorrelationId => null;
}
