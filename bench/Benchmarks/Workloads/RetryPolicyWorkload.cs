using System.Globalization;
using Benchmarks.Designs;
using Benchmarks.Reporting;
using DynamoDbLocal;

namespace Benchmarks.Workloads;

/// <summary>
/// Issue 13 §2 / 14 §2: 16 writers on one character, sent without an expected version, under several retry policies
/// of the generic command path (Application:MaxCommandAttempts, Application:MaxConflictBackoff), and with the load in
/// two round trips as in the first wave. A command that gives up is what the API answers with a 409 the caller never
/// asked for. Each policy runs on its own client over ours' table, one after another, with more commands than the
/// contention cell so that a gave-up rate of a few in a thousand shows.
/// </summary>
internal static class RetryPolicyWorkload
{
    public static IReadOnlyList<(string Name, bool OneRoundTrip, int Attempts, int BackoffMs)> Policies { get; } =
    [
        ("20 attempts, jitter to 100 ms, 2 round-trip load", false, 20, 100),
        ("20 attempts, jitter to 100 ms (default)", true, 20, 100),
        ("20 attempts, jitter to 25 ms", true, 20, 25),
        ("20 attempts, jitter to 250 ms", true, 20, 250),
        ("40 attempts, jitter to 100 ms", true, 40, 100),
    ];

    public static async Task<List<ResultRow>> MeasureAsync(
        DynamoDbLocalServer server, string tableName, BenchmarkSettings settings, string runId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var rows = new List<ResultRow>();
        for (var i = 0; i < Policies.Count; i++)
        {
            var (name, oneRoundTrip, attempts, backoff) = Policies[i];
            var appSettings = new Dictionary<string, string?>(settings.ApplicationSettings.ToDictionary(), StringComparer.Ordinal)
            {
                ["Application:MaxCommandAttempts"] = attempts.ToString(CultureInfo.InvariantCulture),
                ["Application:MaxConflictBackoff"] = TimeSpan.FromMilliseconds(backoff).ToString("c", CultureInfo.InvariantCulture),
            };
            await using var design = new OursDesign(server, tableName, appSettings, oneRoundTrip, name);
            var row = await ContentionWorkload.MeasureAsync(
                design, shared: true, settings.ContentionWriters, settings.PolicyCommandsPerWriter, $"{runId}-policy{i}", cancellationToken).ConfigureAwait(false);
            rows.Add(row with { Workload = WorkloadNames.RetryPolicy, Variant = $"{attempts}x{backoff}ms" });
        }

        return rows;
    }
}
