using System.Globalization;
using Benchmarks.Designs;
using Benchmarks.Reporting;
using Benchmarks.Seeding;
using EventSourcing;

namespace Benchmarks.Workloads;

/// <summary>
/// Issue 14 §1: the load in one round trip against the first wave's two, on the same streams of the product's table.
/// For each N the stream is measured on its snapshot, then grown through the port (no snapshot is written) until the
/// snapshot is 10 and then 19 events behind. Three ways: two round trips (DynamoDb:LoadInOneRoundTrip=false); one
/// round trip when the process has loaded the stream before ("warm", what a host serving a character does); and one
/// round trip as a first load ("cold": the store forgets the stream before each load, untimed).
/// </summary>
internal static class LoadRoundTripWorkload
{
    public static readonly int[] Lags = [0, 10, 19];

    public const string TwoRoundTrips = "ours, 2 round trips";
    public const string Warm = "ours, 1 round trip (warm)";
    public const string Cold = "ours, 1 round trip (cold)";

    public static async Task<List<ResultRow>> MeasureAsync(
        OursDesign ours,
        OursDesign twoRoundTrips,
        CharacterHistory seeded,
        Func<int, CharacterHistory> longer,
        BenchmarkSettings settings,
        ICollection<string> warnings,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ours);
        ArgumentNullException.ThrowIfNull(twoRoundTrips);
        ArgumentNullException.ThrowIfNull(seeded);
        ArgumentNullException.ThrowIfNull(longer);
        var rows = new List<ResultRow>();
        var n = seeded.Events.Count;
        var grown = longer(n + Lags.Max());
        var version = seeded.Version;
        // Below one interval there is no snapshot: only the stream as seeded is measured.
        foreach (var lag in seeded.NewestSnapshot is null ? [0] : Lags)
        {
            var target = n + lag;
            if (version + 1 < target)
            {
                var extra = grown.Events.Skip((int)version + 1).Take(target - (int)version - 1).ToList();
                foreach (var e in extra)
                {
                    var appended = await ours.Store.AppendAsync(seeded.Stream, ExpectedVersion.Exact(version), [e], cancellationToken).ConfigureAwait(false);
                    if (appended is not AppendResult.Appended)
                    {
                        throw new InvalidOperationException($"Growing {seeded.Stream} at {version}: {appended}.");
                    }

                    version++;
                }
            }

            var history = longer(target);
            var label = seeded.NewestSnapshot is null ? "no snapshot" : lag.ToString(CultureInfo.InvariantCulture);
            rows.Add(await CellAsync(twoRoundTrips, TwoRoundTrips, history, n, label, forget: false, settings, warnings, cancellationToken).ConfigureAwait(false));
            await LoadWorkload.GetAsync(ours, history.CharacterId, cancellationToken).ConfigureAwait(false);
            rows.Add(await CellAsync(ours, Warm, history, n, label, forget: false, settings, warnings, cancellationToken).ConfigureAwait(false));
            rows.Add(await CellAsync(ours, Cold, history, n, label, forget: true, settings, warnings, cancellationToken).ConfigureAwait(false));
        }

        return rows;
    }

    private static async Task<ResultRow> CellAsync(
        OursDesign design,
        string name,
        CharacterHistory history,
        int n,
        string lag,
        bool forget,
        BenchmarkSettings settings,
        ICollection<string> warnings,
        CancellationToken cancellationToken)
    {
        // Forgetting happens before the cell's meter starts and between timed loads; it sends nothing.
        var cell = Cell.Start(design);
        for (var i = 0; i < settings.LoadSamples; i++)
        {
            if (forget)
            {
                design.Forget(history.Stream);
            }

            var view = await cell.Latencies.TimeAsync(() => LoadWorkload.GetAsync(design, history.CharacterId, cancellationToken)).ConfigureAwait(false);
            Verify.State(design, history, view);
        }

        if (cell.CrossCheck($"{name} at N = {n:N0}, lag {lag}") is { } mismatch)
        {
            warnings.Add(mismatch);
        }

        return cell.ToRow(WorkloadNames.LoadRoundTrip, n, cell.Latencies.Count) with { Design = name, Variant = lag };
    }
}
