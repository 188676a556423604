using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using Application.Events;
using Benchmarks.Designs;
using Benchmarks.Reporting;
using Benchmarks.Seeding;
using Benchmarks.Workloads;
using DynamoDbLocal;

namespace Benchmarks;

/// <summary>
/// One run: three designs, each with its own table in the same DynamoDB Local, seeded in their own layouts, then the
/// five workloads one cell at a time (never two designs at once, so they do not slow each other down).
/// </summary>
internal sealed partial class BenchmarkRunner(BenchmarkSettings settings, TextWriter log)
{
    // Each append size is measured with single-event commits and with ten-event commits.
    private static readonly int[] EventsPerCommit = [1, 10];

    public async Task<BenchmarkReport> RunAsync(DynamoDbLocalServer server, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(server);
        var startedAt = DateTimeOffset.UtcNow;
        var loadBefore = LoadAverage();
        var clock = Stopwatch.StartNew();
        var runId = Guid.NewGuid().ToString("N")[..8];
        var registry = CharacterEventTypes.CreateRegistry();
        var warnings = new List<string>();
        var rows = new List<ResultRow>();
        var appSettings = settings.ApplicationSettings;
        Design[] designs =
        [
            new OursDesign(server, $"bench-ours-{runId}", appSettings),
            new NaiveDesign(server, $"bench-naive-{runId}", appSettings),
            new TipDesign(server, $"bench-tip-{runId}", appSettings),
        ];

        try
        {
            foreach (var design in designs)
            {
                await design.CreateTableAsync(cancellationToken).ConfigureAwait(false);
            }

            // Every history is generated once and written to each design's table in that design's own layout.
            var origin = startedAt.AddDays(-1);
            CharacterHistory Generate(string purpose, int n) => CharacterHistory.Generate(
                $"b{runId}-{purpose}-{n.ToString(CultureInfo.InvariantCulture)}", n, settings.SnapshotInterval, settings.RememberedCommands, registry, origin);
            var loadHistories = settings.LoadSizes.ToDictionary(n => n, n => Generate("load", n));
            var lagging = Generate("lagging", settings.LaggingLoadSize);
            var appendHistories = settings.AppendSizes
                .SelectMany(n => EventsPerCommit.Select(k => (n, k)))
                .ToDictionary(c => c, c => Generate($"append{c.k}", c.n));

            var seeding = Stopwatch.StartNew();
            CharacterHistory[] seeds = [.. loadHistories.Values, lagging, .. appendHistories.Values];
            var total = designs.Length * seeds.Sum(h => (long)h.Events.Count);
            Log($"seeding {total:N0} events into {designs.Length} tables (BatchWriteItem; about a minute per 100,000 events per design)");
            await SeedAsync(designs, seeds, cancellationToken).ConfigureAwait(false);
            seeding.Stop();
            Log($"seeded in {seeding.Elapsed.TotalSeconds:0} s");

            // The snapshot designs must load from the seeded snapshot; checked once, outside every measured cell.
            foreach (var design in designs.Where(d => d is not NaiveDesign))
            {
                foreach (var history in loadHistories.Values.Append(lagging))
                {
                    Verify.Snapshot(design, history, await design.Store.LoadAsync(history.Stream, CharacterHistory.SnapshotSchemaVersion, cancellationToken).ConfigureAwait(false));
                }
            }

            // Warm-up: one load per design through the whole stack, so the first measured cell does not pay for JIT.
            var smallest = loadHistories[settings.LoadSizes.Min()];
            foreach (var design in designs)
            {
                Verify.State(design, smallest, await LoadWorkload.GetAsync(design, smallest.CharacterId, cancellationToken).ConfigureAwait(false));
            }

            foreach (var n in settings.LoadSizes.Order())
            {
                foreach (var design in designs)
                {
                    rows.Add(Logged(await LoadWorkload.MeasureAsync(design, loadHistories[n], WorkloadNames.Load, settings, warnings, cancellationToken).ConfigureAwait(false)));
                }
            }

            foreach (var design in designs)
            {
                rows.Add(Logged(await LoadWorkload.MeasureAsync(design, lagging, WorkloadNames.LoadLagging, settings, warnings, cancellationToken).ConfigureAwait(false)));
            }

            foreach (var ((n, k), history) in appendHistories.OrderBy(h => h.Key.n).ThenBy(h => h.Key.k))
            {
                foreach (var design in designs)
                {
                    rows.Add(Logged(await AppendWorkload.MeasureAsync(design, history, k, settings.AppendSamples, registry, warnings, cancellationToken).ConfigureAwait(false)));
                }
            }

            foreach (var n in settings.CommandSizes.Order())
            {
                foreach (var design in designs)
                {
                    rows.Add(Logged(await CommandWorkload.MeasureAsync(design, loadHistories[n], settings.CommandSamples, warnings, cancellationToken).ConfigureAwait(false)));
                }
            }

            foreach (var shared in new[] { true, false })
            {
                foreach (var design in designs)
                {
                    rows.Add(Logged(await ContentionWorkload.MeasureAsync(
                        design, shared, settings.ContentionWriters, settings.CommandsPerWriter, runId, cancellationToken).ConfigureAwait(false)));
                }
            }

            // Issue 14 §1: the same streams of ours' table through a second client configured for two round trips.
            var ours = (OursDesign)designs[0];
            await using (var twoRoundTrips = new OursDesign(server, ours.TableName, appSettings, loadInOneRoundTrip: false, name: "ours-2rt"))
            {
                foreach (var n in settings.RoundTripSizes.Order())
                {
                    // The load streams that no command has touched are reused (100,000 events take a minute to seed).
                    var reuse = n >= 100 && loadHistories.ContainsKey(n) && !settings.CommandSizes.Contains(n);
                    var seeded = reuse ? loadHistories[n] : Generate("roundtrip", n);
                    if (!reuse)
                    {
                        await ours.SeedAsync(seeded, cancellationToken).ConfigureAwait(false);
                    }

                    CharacterHistory Longer(int count) => CharacterHistory.Generate(
                        seeded.CharacterId, count, settings.SnapshotInterval, settings.RememberedCommands, registry, origin);
                    foreach (var row in await LoadRoundTripWorkload.MeasureAsync(ours, twoRoundTrips, seeded, Longer, settings, warnings, cancellationToken).ConfigureAwait(false))
                    {
                        rows.Add(Logged(row));
                    }
                }
            }

            foreach (var row in await IdempotencyWorkload.MeasureAsync(server, ours, settings, runId, cancellationToken).ConfigureAwait(false))
            {
                rows.Add(Logged(row));
            }

            foreach (var row in await MultiTargetWorkload.MeasureAsync(ours, registry, settings, runId, cancellationToken).ConfigureAwait(false))
            {
                rows.Add(Logged(row));
            }

            foreach (var row in await RetryPolicyWorkload.MeasureAsync(server, ours.TableName, settings, runId, cancellationToken).ConfigureAwait(false))
            {
                rows.Add(Logged(row));
            }

            Log("  feed: appends with and without it, lag under a steady load, a backlog projected by 1 and 2 workers");
            foreach (var row in await FeedFigures.MeasureAsync(server, settings, cancellationToken).ConfigureAwait(false))
            {
                rows.Add(Logged(row));
            }

            foreach (var row in await HttpWorkload.MeasureAsync(settings, log, cancellationToken).ConfigureAwait(false))
            {
                rows.Add(Logged(row));
            }

            foreach (var row in await PipelineWorkload.MeasureAsync(settings, runId, cancellationToken).ConfigureAwait(false))
            {
                rows.Add(Logged(row));
            }

            return new BenchmarkReport(
                settings.Mode,
                startedAt,
                clock.Elapsed,
                seeding.Elapsed,
                Describe(server, loadBefore, LoadAverage()),
                designs.ToDictionary(d => d.Name, d => d.Summary, StringComparer.Ordinal),
                rows,
                warnings);
        }
        finally
        {
            foreach (var design in designs)
            {
                // Frees DynamoDB Local's memory when it is shared with other runs.
                await design.DeleteTableAsync(CancellationToken.None).ConfigureAwait(false);
                await design.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Seeds every history into every design, a few at a time; the longest streams first, so that the two long seeds
    /// do not end up alone at the end.
    /// </summary>
    private async Task SeedAsync(Design[] designs, IReadOnlyList<CharacterHistory> histories, CancellationToken cancellationToken)
    {
        using var slots = new SemaphoreSlim(settings.SeedingParallelism);
        var jobs = histories
            .OrderByDescending(h => h.Events.Count)
            .SelectMany(h => designs.Select(d => (Design: d, History: h)))
            .Select(async job =>
            {
                await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    var started = Stopwatch.GetTimestamp();
                    await job.Design.SeedAsync(job.History, cancellationToken).ConfigureAwait(false);
                    if (job.History.Events.Count >= 10_000)
                    {
                        Log($"  {job.Design.Name}: {job.History.Events.Count:N0} events in {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s");
                    }
                }
                finally
                {
                    slots.Release();
                }
            })
            .ToList();
        await Task.WhenAll(jobs).ConfigureAwait(false);
    }

    private ResultRow Logged(ResultRow row)
    {
        Log(string.Create(
            CultureInfo.InvariantCulture,
            $"  {row.Workload,-24} {row.Design,-26} {row.Variant,-12} N={row.N,-7} x{row.Samples,-6} req {row.RequestsPerOp,7:0.##} rt {row.RoundTripsPerOp,5:0.##} RCU {row.RcuPerOp,9:0.##} (AWS {row.AwsRcuPerOp,5:0.##}) WCU {row.WcuPerOp,7:0.##} p50 {row.P50Ms,9:0.###} ms p95 {row.P95Ms,9:0.###} ms{(row.OpsPerSecond is { } ops ? $" {ops:N0}/s" : string.Empty)}"));
        return row;
    }

    private void Log(string message)
    {
        lock (log)
        {
            log.WriteLine(message);
        }
    }

    /// <summary>The one-minute load average, to show how busy the machine was around the run (Linux only).</summary>
    private static double? LoadAverage() =>
        OperatingSystem.IsLinux() && File.Exists("/proc/loadavg")
            && double.TryParse(File.ReadAllText("/proc/loadavg").Split(' ')[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var load)
                ? load
                : null;

    private static RunEnvironment Describe(DynamoDbLocalServer server, double? loadBefore, double? loadAfter)
    {
        var cpu = OperatingSystem.IsLinux() && File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        var memory = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024);
        var machine = string.Create(
            CultureInfo.InvariantCulture,
            $"{Environment.ProcessorCount} cores ({cpu ?? RuntimeInformation.ProcessArchitecture.ToString()}), {memory:0} GiB, {RuntimeInformation.OSDescription}");
        var sdk = typeof(Amazon.DynamoDBv2.AmazonDynamoDBClient).Assembly.GetCustomAttribute<AssemblyFileVersionAttribute>()?.Version;
        var runtime = $"{RuntimeInformation.FrameworkDescription}, AWSSDK.DynamoDBv2 {sdk}";
        var busy = loadBefore is { } before && loadAfter is { } after
            ? string.Create(CultureInfo.InvariantCulture, $"one-minute load average {before:0.0} at the start and {after:0.0} at the end, on {Environment.ProcessorCount} cores")
            : "load average not known";
        return new RunEnvironment(machine, $"{runtime}; code at {CodeVersion()}", DynamoDbLocalVersion(server), busy);
    }

    /// <summary>Which code produced the figures: the git commit, and whether the working tree differed from it.</summary>
    private static string CodeVersion()
    {
        static string? Git(params string[] arguments)
        {
            try
            {
                var info = new ProcessStartInfo("git") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepositoryPaths.Root };
                foreach (var argument in arguments)
                {
                    info.ArgumentList.Add(argument);
                }

                using var git = Process.Start(info);
                var output = git?.StandardOutput.ReadToEnd().Trim();
                git?.WaitForExit();
                return git?.ExitCode == 0 ? output : null;
            }
            catch (System.ComponentModel.Win32Exception)
            {
                return null;
            }
        }

        var commit = Git("rev-parse", "--short", "HEAD");
        if (commit is null)
        {
            return "an unknown commit (no git)";
        }

        var dirty = !string.IsNullOrEmpty(Git("status", "--porcelain", "--", "src", "bench"));
        return dirty ? $"commit {commit} plus uncommitted changes in src/ or bench/" : $"commit {commit}";
    }

    /// <summary>The version in the release notes of the jar that scripts/dynamodb-local.sh fetched, when this run started it.</summary>
    private static string DynamoDbLocalVersion(DynamoDbLocalServer server)
    {
        if (!server.OwnsProcess)
        {
            return $"DynamoDB Local at {server.ServiceUrl} (from {DynamoDbLocalServer.UrlVariable}; version not known here)";
        }

        var root = RepositoryPaths.Root;
        var cache = Path.Combine(root, ".cache", "dynamodb-local");
        var readme = Directory.Exists(cache)
            ? Directory.EnumerateFiles(cache, "README.txt", SearchOption.AllDirectories).FirstOrDefault(f => f.Contains("emulator", StringComparison.Ordinal))
            : null;
        var package = readme is null ? null : Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(readme)));
        var version = readme is null ? null : File.ReadLines(readme).Select(l => ReleaseLine().Match(l)).FirstOrDefault(m => m.Success)?.Groups[1].Value;
        return $"DynamoDB Local {version ?? "(version unknown)"} from the npm package amplify-dynamodb-simulator {package ?? "(unknown)"}, started by scripts/dynamodb-local.sh";
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2} \((\d+\.\d+\.\d+)\)")]
    private static partial Regex ReleaseLine();
}
