namespace Benchmarks.Reporting;

/// <summary>
/// One measured cell: a workload on one design at one size. Usage figures are per operation (a load, an append, a
/// command); latencies are per operation, in milliseconds.
/// </summary>
internal sealed record ResultRow
{
    public required string Workload { get; init; }

    public required string Design { get; init; }

    /// <summary>Events in the stream when the cell was measured (0 when it does not apply).</summary>
    public long N { get; init; }

    public int Threads { get; init; } = 1;

    /// <summary>What else tells cells of one workload and design apart (a snapshot lag, a retry policy, a target count); empty if nothing.</summary>
    public string Variant { get; init; } = string.Empty;

    /// <summary>A remark on how a figure was taken (which tail percentile an HTTP row's load generator gives); empty if none.</summary>
    public string Note { get; init; } = string.Empty;

    public required int Samples { get; init; }

    public double RequestsPerOp { get; init; }

    public double RcuPerOp { get; init; }

    /// <summary>Read units as AWS would bill them: every strongly consistent read request at least 1.</summary>
    public double AwsRcuPerOp { get; init; }

    /// <summary>Sequential waves of requests per operation (requests sent together count once).</summary>
    public double RoundTripsPerOp { get; init; }

    /// <summary>Write units as DynamoDB Local reported them.</summary>
    public double WcuPerOp { get; init; }

    /// <summary>Write units as AWS would bill them, where DynamoDB Local reports differently (transactions, failed conditions).</summary>
    public double AwsWcuPerOp { get; init; }

    public double P50Ms { get; init; }

    public double P95Ms { get; init; }

    public double? OpsPerSecond { get; init; }

    public double? RetriesPerOp { get; init; }

    public int Failed { get; init; }

    /// <summary>Pipeline rows: commands/s through MediatR divided by commands/s of the direct floor.</summary>
    public double? RatioToFloor { get; init; }

    /// <summary>HTTP rows: the load generator's share of the machine's CPU (all cores), when it ran in its own process.</summary>
    public double? ClientCpuShare { get; init; }

    /// <summary>HTTP rows: the benchmark process's share of the machine's CPU (the server, and the in-process senders).</summary>
    public double? ServerCpuShare { get; init; }

    /// <summary>Feed rows: read units per event projected that went to reading the feed index alone.</summary>
    public double? FeedRcuPerOp { get; init; }

    /// <summary>Whether the cell talks to DynamoDB (the in-memory pipeline cells do not).</summary>
    public bool UsesDynamoDb { get; init; } = true;
}

internal static class WorkloadNames
{
    public const string Load = "load";
    public const string LoadLagging = "load-lagging-snapshot";
    public const string Append1 = "append-1";
    public const string Append10 = "append-10";
    public const string Command = "command";
    public const string ContentionShared = "contention-shared";
    public const string ContentionSeparate = "contention-separate";
    public const string LoadRoundTrip = "load-round-trips";
    public const string RetryPolicy = "retry-policy";
    public const string Idempotency = "idempotency";
    public const string MultiTarget = "multi-target";
    public const string Http = "http";
    public const string Feed = "feed";
    public const string Pipeline = "pipeline-mediatr";
    public const string Floor = "pipeline-floor";
}
