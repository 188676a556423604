using Benchmarks.Designs;

namespace Benchmarks.Reporting;

/// <summary>
/// What makes a run's figures well-formed: every design in every DynamoDB cell, at least one request per operation,
/// capacity that is never negative (and positive where the operation must read or write), finite latencies, and the
/// adapter's own meter agreeing with the client's. The smoke mode and its test fail on any of these.
/// </summary>
internal static class ReportChecks
{
    public static readonly IReadOnlyList<string> DesignNames = [OursDesign.DesignName, NaiveDesign.DesignName, TipDesign.DesignName];

    public static IReadOnlyList<string> Problems(BenchmarkReport report, BenchmarkSettings settings)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(settings);
        var problems = new List<string>(report.Warnings);
        var rows = report.Rows;

        void Expect(string workload, long? n, int? threads)
        {
            foreach (var design in DesignNames)
            {
                if (!rows.Any(r => r.Workload == workload && r.Design == design && (n is null || r.N == n) && (threads is null || r.Threads == threads)))
                {
                    problems.Add($"missing: {workload} for {design}{(n is null ? string.Empty : $" at N={n}")}");
                }
            }
        }

        foreach (var n in settings.LoadSizes)
        {
            Expect(WorkloadNames.Load, n, null);
        }

        Expect(WorkloadNames.LoadLagging, settings.LaggingLoadSize, null);

        foreach (var n in settings.AppendSizes)
        {
            Expect(WorkloadNames.Append1, n, null);
            Expect(WorkloadNames.Append10, n, null);
        }

        foreach (var n in settings.CommandSizes)
        {
            Expect(WorkloadNames.Command, n, null);
        }

        Expect(WorkloadNames.ContentionShared, null, settings.ContentionWriters);
        Expect(WorkloadNames.ContentionSeparate, null, settings.ContentionWriters);

        foreach (var n in settings.RoundTripSizes)
        {
            var cells = rows.Where(r => r.Workload == WorkloadNames.LoadRoundTrip && r.N == n).ToList();
            foreach (var design in new[] { Workloads.LoadRoundTripWorkload.TwoRoundTrips, Workloads.LoadRoundTripWorkload.Warm, Workloads.LoadRoundTripWorkload.Cold })
            {
                Check(cells.Any(r => r.Design == design), $"missing: {WorkloadNames.LoadRoundTrip} for {design} at N={n}");
            }

            foreach (var warm in cells.Where(r => r.Design == Workloads.LoadRoundTripWorkload.Warm))
            {
                var two = cells.FirstOrDefault(r => r.Design == Workloads.LoadRoundTripWorkload.TwoRoundTrips && r.Variant == warm.Variant);
                // Round trips are timed (two requests sent together may not overlap on a busy machine); requests are not.
                Check(two is not null && warm.RequestsPerOp <= two.RequestsPerOp && two.RoundTripsPerOp >= 2,
                    $"{WorkloadNames.LoadRoundTrip} N={n} lag {warm.Variant}: warm sent {warm.RequestsPerOp} requests, two-round-trip {two?.RequestsPerOp} in {two?.RoundTripsPerOp} round trips");
            }
        }

        foreach (var scenario in new[]
        {
            Workloads.IdempotencyWorkload.Unkeyed, Workloads.IdempotencyWorkload.NewKey, Workloads.IdempotencyWorkload.RepeatTail,
            Workloads.IdempotencyWorkload.RepeatSnapshot, Workloads.IdempotencyWorkload.Reused, Workloads.IdempotencyWorkload.RareNewKey,
            Workloads.IdempotencyWorkload.RareRepeat,
        })
        {
            Check(rows.Any(r => r.Workload == WorkloadNames.Idempotency && r.Variant == scenario), $"missing: {WorkloadNames.Idempotency} {scenario}");
        }

        foreach (var k in settings.MultiTargetCounts)
        {
            var atomic = rows.FirstOrDefault(r => r.Workload == WorkloadNames.MultiTarget && r.N == k && r.Variant == Workloads.MultiTargetWorkload.Atomic);
            var separate = rows.FirstOrDefault(r => r.Workload == WorkloadNames.MultiTarget && r.N == k && r.Variant == Workloads.MultiTargetWorkload.Separate);
            Check(atomic is not null && separate is not null, $"missing: {WorkloadNames.MultiTarget} at {k} targets");
            foreach (var variant in new[] { Workloads.MultiTargetWorkload.AreaCommand, Workloads.MultiTargetWorkload.SeparateCommands })
            {
                Check(rows.Any(r => r.Workload == WorkloadNames.MultiTarget && r.N == k && r.Variant == variant), $"missing: {WorkloadNames.MultiTarget} {variant} at {k} targets");
            }

            Check(atomic is null || separate is null || atomic.RequestsPerOp < separate.RequestsPerOp,
                $"{WorkloadNames.MultiTarget} at {k} targets: the atomic blow sent {atomic?.RequestsPerOp} requests, separate appends {separate?.RequestsPerOp}");
        }

        var httpRows = rows.Where(r => r.Workload == WorkloadNames.Http).ToList();
        foreach (var scenario in Workloads.HttpWorkload.Scenarios)
        {
            var cells = httpRows.Where(r => r.Variant == scenario).ToList();
            // With a character per sender nothing may fail; on a shared character a command may give up after its attempts.
            Check(cells.Count == 2 && cells.All(r => r.OpsPerSecond is > 0 && r.RatioToFloor is > 0 && r.P50Ms > 0 && (r.Failed == 0 || (scenario == Workloads.HttpWorkload.SharedCharacter && r.Failed < r.Samples))),
                $"{WorkloadNames.Http} ({scenario}): expected two rows with throughput, a ratio, latencies and no failures; got {cells.Count}");
        }

        var feed = rows.Where(r => r.Workload == WorkloadNames.Feed).ToList();
        var withFeed = feed.FirstOrDefault(r => r.Variant == FeedFigures.Append && r.Design == FeedFigures.WithFeed);
        var withoutFeed = feed.FirstOrDefault(r => r.Variant == FeedFigures.Append && r.Design == FeedFigures.WithoutFeed);
        Check(withFeed is not null && withoutFeed is not null && withFeed.WcuPerOp > withoutFeed.WcuPerOp && withoutFeed.WcuPerOp > 0,
            $"{WorkloadNames.Feed}: an append with the feed must cost more than one without ({withFeed?.WcuPerOp} against {withoutFeed?.WcuPerOp} WCU)");
        var lag = feed.FirstOrDefault(r => r.Variant == FeedFigures.Lag);
        Check(lag is not null && lag.Samples == settings.FeedLagEventsPerSecond * settings.FeedLagSeconds && lag.P50Ms > 0 && lag.P95Ms >= lag.P50Ms,
            $"{WorkloadNames.Feed}: the lag cell must see every event projected, with p50 <= p95 (saw {lag?.Samples}, p50 {lag?.P50Ms}, p95 {lag?.P95Ms})");
        foreach (var workers in new[] { 1, 2 })
        {
            var cell = feed.FirstOrDefault(r => r.Variant == FeedFigures.Throughput && r.Threads == workers);
            Check(cell is { OpsPerSecond: > 0, FeedRcuPerOp: > 0 } && cell.Samples == settings.FeedBacklog && cell.RcuPerOp > cell.FeedRcuPerOp,
                $"{WorkloadNames.Feed}: {workers} worker(s) must project the whole backlog of {settings.FeedBacklog} (projected {cell?.Samples}, {cell?.OpsPerSecond}/s)");
        }

        Check(rows.Count(r => r.Workload == WorkloadNames.RetryPolicy) == Workloads.RetryPolicyWorkload.Policies.Count, $"missing: some {WorkloadNames.RetryPolicy} cells");

        foreach (var row in rows.Where(r => r.UsesDynamoDb))
        {
            var cell = $"{row.Workload} {row.Design} N={row.N}";
            Check(row.Samples > 0, $"{cell}: no samples");
            Check(row.RequestsPerOp >= 1, $"{cell}: {row.RequestsPerOp} requests per operation");
            Check(double.IsFinite(row.RcuPerOp) && row.RcuPerOp >= 0, $"{cell}: RCU {row.RcuPerOp}");
            Check(double.IsFinite(row.WcuPerOp) && row.WcuPerOp >= 0, $"{cell}: WCU {row.WcuPerOp}");
            Check(double.IsFinite(row.AwsWcuPerOp) && row.AwsWcuPerOp >= 0, $"{cell}: WCU by the AWS rule {row.AwsWcuPerOp}");
            Check(double.IsFinite(row.P50Ms) && row.P50Ms > 0 && row.P95Ms >= row.P50Ms, $"{cell}: p50 {row.P50Ms} ms, p95 {row.P95Ms} ms");
            switch (row.Workload)
            {
                case WorkloadNames.Load or WorkloadNames.LoadLagging or WorkloadNames.LoadRoundTrip:
                    Check(row.RcuPerOp > 0 && row.WcuPerOp == 0, $"{cell}: a load must read and never write (RCU {row.RcuPerOp}, WCU {row.WcuPerOp})");
                    break;
                case WorkloadNames.Append1 or WorkloadNames.Append10:
                    Check(row.WcuPerOp > 0 && row.AwsWcuPerOp > 0, $"{cell}: an append wrote nothing");
                    break;
                case WorkloadNames.Command:
                    Check(row.RcuPerOp > 0 && row.WcuPerOp > 0, $"{cell}: a command must read and write");
                    break;
                case WorkloadNames.MultiTarget:
                    Check(row.RcuPerOp > 0 && row.WcuPerOp > 0 && row.AwsWcuPerOp > 0, $"{cell}: a blow must read and write");
                    break;
                case WorkloadNames.ContentionShared or WorkloadNames.ContentionSeparate or WorkloadNames.RetryPolicy:
                    Check(row.OpsPerSecond is > 0 && row.RetriesPerOp is >= 0 && row.Failed >= 0 && row.Failed < row.Samples,
                        $"{cell}: {row.OpsPerSecond} commands/s, {row.RetriesPerOp} retries per command, {row.Failed} failed");
                    break;
                default:
                    break;
            }
        }

        foreach (var threads in new[] { 1, 2 })
        {
            var pipeline = rows.FirstOrDefault(r => r.Workload == WorkloadNames.Pipeline && r.Threads == threads);
            var floor = rows.FirstOrDefault(r => r.Workload == WorkloadNames.Floor && r.Threads == threads);
            Check(pipeline is { OpsPerSecond: > 0, RatioToFloor: > 0 } && double.IsFinite(pipeline.RatioToFloor.Value), $"pipeline on {threads} thread(s): no throughput or ratio");
            Check(floor is { OpsPerSecond: > 0 }, $"floor on {threads} thread(s): no throughput");
        }

        return problems;

        void Check(bool ok, string problem)
        {
            if (!ok)
            {
                problems.Add(problem);
            }
        }
    }
}
