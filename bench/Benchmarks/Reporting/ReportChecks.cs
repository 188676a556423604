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
                case WorkloadNames.Load or WorkloadNames.LoadLagging:
                    Check(row.RcuPerOp > 0 && row.WcuPerOp == 0, $"{cell}: a load must read and never write (RCU {row.RcuPerOp}, WCU {row.WcuPerOp})");
                    break;
                case WorkloadNames.Append1 or WorkloadNames.Append10:
                    Check(row.WcuPerOp > 0 && row.AwsWcuPerOp > 0, $"{cell}: an append wrote nothing");
                    break;
                case WorkloadNames.Command:
                    Check(row.RcuPerOp > 0 && row.WcuPerOp > 0, $"{cell}: a command must read and write");
                    break;
                case WorkloadNames.ContentionShared or WorkloadNames.ContentionSeparate:
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
