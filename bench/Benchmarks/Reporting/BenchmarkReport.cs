namespace Benchmarks.Reporting;

/// <summary>Everything one run measured, and where it ran.</summary>
internal sealed record BenchmarkReport(
    string Mode,
    DateTimeOffset StartedAt,
    TimeSpan Duration,
    TimeSpan SeedingDuration,
    RunEnvironment Environment,
    IReadOnlyDictionary<string, string> Designs,
    IReadOnlyList<ResultRow> Rows,
    IReadOnlyList<string> Warnings);

/// <summary>The machine and the DynamoDB Local the figures came from.</summary>
internal sealed record RunEnvironment(string Machine, string Runtime, string DynamoDbLocal, string Busy);
