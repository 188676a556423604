namespace Benchmarks;

/// <summary>Sizes and sample counts of one run: the full benchmark, or the smoke mode CI runs.</summary>
internal sealed record BenchmarkSettings
{
    public required string Mode { get; init; }

    /// <summary>Stream lengths for the load workload.</summary>
    public required IReadOnlyList<int> LoadSizes { get; init; }

    /// <summary>Loads measured per design and size, unless <see cref="LoadTimeBudget"/> runs out first.</summary>
    public required int LoadSamples { get; init; }

    /// <summary>At least this many loads even when they are slow (the naive design at 100,000 events takes seconds each).</summary>
    public required int MinLoadSamples { get; init; }

    public required TimeSpan LoadTimeBudget { get; init; }

    /// <summary>Stream lengths at which one-event and ten-event appends are measured.</summary>
    public required IReadOnlyList<int> AppendSizes { get; init; }

    public required int AppendSamples { get; init; }

    /// <summary>Stream lengths at which full commands (load, decide, append) are measured; a subset of <see cref="LoadSizes"/>.</summary>
    public required IReadOnlyList<int> CommandSizes { get; init; }

    /// <summary>Commands per design and size: enough to include the snapshot writes of the default interval.</summary>
    public required int CommandSamples { get; init; }

    /// <summary>Stream lengths at which the one-round-trip load is compared with two round trips (issue 14 §1).</summary>
    public required IReadOnlyList<int> RoundTripSizes { get; init; }

    public required int ContentionWriters { get; init; }

    public required int CommandsPerWriter { get; init; }

    /// <summary>Commands per writer in each retry-policy cell (16 writers on one character, issue 13 §2).</summary>
    public required int PolicyCommandsPerWriter { get; init; }

    /// <summary>Keyed commands written before the idempotency rare path is measured (more than the stream remembers).</summary>
    public required int RareWindowCommands { get; init; }

    /// <summary>Targets of one blow in the multi-target cells (atomic commit against separate appends).</summary>
    public required IReadOnlyList<int> MultiTargetCounts { get; init; }

    public required int MultiTargetBlows { get; init; }

    /// <summary>Concurrent HTTP connections, and the same number of in-process senders.</summary>
    public int HttpConnections { get; init; } = 8;

    public required TimeSpan HttpWarmup { get; init; }

    public required TimeSpan HttpRound { get; init; }

    public required int HttpRounds { get; init; }

    /// <summary>One-event appends measured with the change feed and without it.</summary>
    public required int FeedAppends { get; init; }

    /// <summary>The steady command load under which projection lag is measured, and for how long.</summary>
    public required int FeedLagEventsPerSecond { get; init; }

    public required int FeedLagSeconds { get; init; }

    /// <summary>Events appended before the workers start, to measure events projected per second.</summary>
    public required int FeedBacklog { get; init; }

    /// <summary>How long each in-memory path runs before the first measurement (the JIT settles).</summary>
    public required TimeSpan PipelineWarmup { get; init; }

    /// <summary>One measured round of one path; rounds alternate the pipeline and the floor.</summary>
    public required TimeSpan PipelineDuration { get; init; }

    public required int PipelineRounds { get; init; }

    /// <summary>
    /// A stream this many events long has its snapshot K - 1 events behind, the most the policy allows: the load cost
    /// just before the next snapshot. Measured beside <see cref="LoadSizes"/>, which sit on snapshot boundaries.
    /// </summary>
    public required int LaggingLoadSize { get; init; }

    /// <summary>The product's default snapshot policy (Application:SnapshotInterval), which the benchmark measures.</summary>
    public static int ProductSnapshotInterval { get; } = new EventSourcing.EventSourcingOptions().SnapshotInterval;

    /// <summary>The application's snapshot policy (Application:SnapshotInterval), the product default.</summary>
    public int SnapshotInterval { get; init; } = ProductSnapshotInterval;

    /// <summary>Application:RememberedCommands, the product default; it sets the snapshot's size.</summary>
    public int RememberedCommands { get; init; } = 100;

    /// <summary>Seeding jobs that run at once (DynamoDB Local shares the machine's cores with this process).</summary>
    public int SeedingParallelism { get; init; } = 3;

    public static BenchmarkSettings Full { get; } = new()
    {
        Mode = "full",
        LoadSizes = [10, 100, 1_000, 10_000, 100_000],
        LoadSamples = 30,
        MinLoadSamples = 5,
        LoadTimeBudget = TimeSpan.FromSeconds(45),
        AppendSizes = [10, 10_000],
        AppendSamples = 30,
        CommandSizes = [10, 10_000],
        CommandSamples = 50,
        RoundTripSizes = [10, 1_000, 100_000],
        ContentionWriters = 16,
        CommandsPerWriter = 10,
        PolicyCommandsPerWriter = 60,
        RareWindowCommands = 220,
        MultiTargetCounts = [2, 4, 8, 16],
        MultiTargetBlows = 20,
        FeedAppends = 100,
        FeedLagEventsPerSecond = 20,
        FeedLagSeconds = 15,
        FeedBacklog = 1_500,
        HttpWarmup = TimeSpan.FromSeconds(3),
        HttpRound = TimeSpan.FromSeconds(5),
        HttpRounds = 3,
        PipelineWarmup = TimeSpan.FromSeconds(4),
        PipelineDuration = TimeSpan.FromSeconds(2),
        PipelineRounds = 3,
        LaggingLoadSize = 10_000 + ProductSnapshotInterval - 1,
    };

    /// <summary>Tiny sizes, seconds in all: checks that the run still works and that its figures are well-formed.</summary>
    public static BenchmarkSettings Smoke { get; } = new()
    {
        Mode = "smoke",
        LoadSizes = [10, 60],
        LoadSamples = 3,
        MinLoadSamples = 2,
        LoadTimeBudget = TimeSpan.FromSeconds(5),
        AppendSizes = [10],
        AppendSamples = 3,
        CommandSizes = [60],
        CommandSamples = 3,
        RoundTripSizes = [10, 40],
        ContentionWriters = 4,
        CommandsPerWriter = 3,
        PolicyCommandsPerWriter = 2,
        RareWindowCommands = 25,
        MultiTargetCounts = [2, 4],
        MultiTargetBlows = 2,
        FeedAppends = 5,
        FeedLagEventsPerSecond = 10,
        FeedLagSeconds = 2,
        FeedBacklog = 100,
        HttpWarmup = TimeSpan.FromMilliseconds(200),
        HttpRound = TimeSpan.FromMilliseconds(400),
        HttpRounds = 1,
        PipelineWarmup = TimeSpan.FromMilliseconds(100),
        PipelineDuration = TimeSpan.FromMilliseconds(300),
        PipelineRounds = 1,
        LaggingLoadSize = (3 * ProductSnapshotInterval) - 1,
    };

    public IReadOnlyDictionary<string, string?> ApplicationSettings => new Dictionary<string, string?>
    {
        ["Application:SnapshotInterval"] = SnapshotInterval.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Application:RememberedCommands"] = RememberedCommands.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Application:SnapshotOnCommandPath"] = "true",
    };
}
