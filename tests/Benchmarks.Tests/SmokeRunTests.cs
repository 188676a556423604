using System.Globalization;
using Benchmarks.Reporting;
using Benchmarks.Workloads;
using Xunit.Abstractions;

namespace Benchmarks.Tests;

/// <summary>
/// The smoke mode's figures, checked the way the full run's are read: every design in every DynamoDB workload, at
/// least one request per operation, capacity never negative, and the adapter's own meter agreeing with the client's.
/// </summary>
[Collection(SmokeRunCollection.Name)]
public sealed class SmokeRunTests(SmokeRunFixture run, ITestOutputHelper output)
{
    private static readonly string[] Designs = ["naive", "ours", "tip"];

    private static readonly string[] SecondRound =
        [WorkloadNames.Feed, WorkloadNames.LoadRoundTrip, WorkloadNames.Idempotency, WorkloadNames.MultiTarget, WorkloadNames.RetryPolicy];

    [Fact]
    public void Given_the_smoke_run_When_its_figures_are_checked_Then_none_is_ill_formed()
    {
        output.WriteLine(run.Log);
        Assert.Empty(ReportChecks.Problems(run.Report, SmokeRunFixture.Settings));
    }

    [Fact]
    public void Given_the_smoke_run_When_DynamoDB_workloads_are_listed_Then_all_three_designs_are_in_each()
    {
        // The second round's cells compare variants of ours (issue 14), not the three designs; they are checked below.
        var workloads = run.Report.Rows.Where(r => r.UsesDynamoDb && !SecondRound.Contains(r.Workload)).GroupBy(r => (r.Workload, r.N)).ToList();

        Assert.Equal(
            [
                WorkloadNames.Append1, WorkloadNames.Append10, WorkloadNames.Command, WorkloadNames.ContentionSeparate, WorkloadNames.ContentionShared,
                WorkloadNames.Load, WorkloadNames.LoadLagging,
            ],
            workloads.Select(g => g.Key.Workload).Distinct().Order(StringComparer.Ordinal));
        Assert.All(workloads, cell => Assert.Equal(Designs, cell.Select(r => r.Design).Order(StringComparer.Ordinal)));
    }

    [Fact]
    public void Given_the_smoke_run_When_the_second_rounds_workloads_are_listed_Then_each_has_its_cells()
    {
        var rows = run.Report.Rows;

        Assert.Equal(SecondRound.Order(StringComparer.Ordinal), rows.Where(r => SecondRound.Contains(r.Workload)).Select(r => r.Workload).Distinct().Order(StringComparer.Ordinal));
        var roundTrips = rows.Where(r => r.Workload == WorkloadNames.LoadRoundTrip).ToList();
        Assert.All(SmokeRunFixture.Settings.RoundTripSizes, n => Assert.Equal(
            new[] { LoadRoundTripWorkload.TwoRoundTrips, LoadRoundTripWorkload.Cold, LoadRoundTripWorkload.Warm }.Order(StringComparer.Ordinal),
            roundTrips.Where(r => r.N == n).Select(r => r.Design).Distinct().Order(StringComparer.Ordinal)));
        Assert.All(roundTrips.Where(r => r.Design == LoadRoundTripWorkload.TwoRoundTrips), r => Assert.Equal(2, r.RoundTripsPerOp));
        // Whether two requests sent together overlap depends on the machine's load; the request count does not.
        Assert.All(roundTrips.Where(r => r.Design != LoadRoundTripWorkload.TwoRoundTrips), r => Assert.InRange(r.RoundTripsPerOp, 1, r.RequestsPerOp));
        Assert.Equal(1, Assert.Single(roundTrips, r => r.Design == LoadRoundTripWorkload.Warm && r.Variant == "no snapshot").RequestsPerOp);
        Assert.Equal(RetryPolicyWorkload.Policies.Count, rows.Count(r => r.Workload == WorkloadNames.RetryPolicy));
        Assert.Equal(MultiTargetWorkload.Variants.Count * SmokeRunFixture.Settings.MultiTargetCounts.Count, rows.Count(r => r.Workload == WorkloadNames.MultiTarget));
        Assert.Equal(7, rows.Count(r => r.Workload == WorkloadNames.Idempotency));
        Assert.Equal(
            HttpWorkload.Scenarios.SelectMany(s => new[] { $"{s} {HttpWorkload.InProcess}", $"{s} HTTP" }).Order(StringComparer.Ordinal),
            rows.Where(r => r.Workload == WorkloadNames.Http).Select(r => $"{r.Variant} {(r.Design == HttpWorkload.InProcess ? r.Design : "HTTP")}").Order(StringComparer.Ordinal));
        Assert.Equal(5, rows.Count(r => r.Workload == WorkloadNames.Feed));
    }

    [Fact]
    public void Given_the_smoke_run_When_transactions_are_billed_by_the_AWS_rule_Then_each_item_costs_two_units_and_its_feed_entry_one()
    {
        // Every item of these blows is under 1 KB: 2 WCU per item in a transaction (AWS bills prepare and commit), plus
        // 1 WCU for the item's entry in the change feed's index. DealAreaDamage also writes the encounter's event.
        var blows = run.Report.Rows.Where(r => r.Workload == WorkloadNames.MultiTarget).ToList();

        Assert.All(blows.Where(r => r.Variant == MultiTargetWorkload.Atomic), r => Assert.Equal(3 * r.N, r.AwsWcuPerOp));
        Assert.All(blows.Where(r => r.Variant == MultiTargetWorkload.AreaCommand), r => Assert.Equal(3 * (r.N + 1), r.AwsWcuPerOp));
        // A separate PutItem is billed as DynamoDB Local reports it: 1 for the item and 1 for its index entry.
        Assert.All(blows.Where(r => r.Variant == MultiTargetWorkload.Separate), r => Assert.Equal(2 * r.N, r.AwsWcuPerOp));
    }

    [Fact]
    public void Given_the_smoke_run_When_the_feed_is_read_Then_it_adds_one_unit_per_append_and_projects_every_event()
    {
        var feed = run.Report.Rows.Where(r => r.Workload == WorkloadNames.Feed).ToList();

        Assert.Equal(2, Assert.Single(feed, r => r.Variant == Benchmarks.FeedFigures.Append && r.Design == Benchmarks.FeedFigures.WithFeed).AwsWcuPerOp);
        Assert.Equal(1, Assert.Single(feed, r => r.Variant == Benchmarks.FeedFigures.Append && r.Design == Benchmarks.FeedFigures.WithoutFeed).AwsWcuPerOp);
        var settings = SmokeRunFixture.Settings;
        Assert.Equal(settings.FeedLagEventsPerSecond * settings.FeedLagSeconds, Assert.Single(feed, r => r.Variant == Benchmarks.FeedFigures.Lag).Samples);
        Assert.All(feed.Where(r => r.Variant == Benchmarks.FeedFigures.Throughput), r => Assert.Equal(settings.FeedBacklog, r.Samples));
    }

    [Fact]
    public void Given_the_smoke_run_When_each_DynamoDB_cell_is_read_Then_requests_are_positive_and_capacity_is_not_negative()
    {
        Assert.All(run.Report.Rows.Where(r => r.UsesDynamoDb), row =>
        {
            Assert.True(row.Samples > 0, $"{row.Workload} {row.Design}: no samples");
            Assert.True(row.RequestsPerOp > 0, $"{row.Workload} {row.Design}: {row.RequestsPerOp} requests");
            Assert.True(row.RcuPerOp >= 0 && row.WcuPerOp >= 0 && row.AwsWcuPerOp >= 0, $"{row.Workload} {row.Design}: negative capacity");
            Assert.True(row.P50Ms > 0 && row.P95Ms >= row.P50Ms, $"{row.Workload} {row.Design}: p50 {row.P50Ms}, p95 {row.P95Ms}");
        });
    }

    [Fact]
    public void Given_the_smoke_run_When_loads_and_appends_are_read_Then_loads_only_read_and_appends_write()
    {
        var rows = run.Report.Rows;

        Assert.All(rows.Where(r => r.Workload is WorkloadNames.Load or WorkloadNames.LoadLagging), r => Assert.True(r.RcuPerOp > 0 && r.WcuPerOp == 0, $"{r.Design} N={r.N}"));
        Assert.All(rows.Where(r => r.Workload is WorkloadNames.Append1 or WorkloadNames.Append10), r => Assert.True(r.WcuPerOp > 0, $"{r.Design} N={r.N}"));
    }

    [Fact]
    public void Given_the_smoke_run_When_ours_is_metered_twice_Then_the_adapter_and_the_client_agree()
    {
        Assert.Empty(run.Report.Warnings);
    }

    [Fact]
    public void Given_the_smoke_run_When_the_in_memory_pipeline_is_read_Then_both_thread_counts_have_a_throughput_and_a_ratio()
    {
        var pipeline = run.Report.Rows.Where(r => r.Workload == WorkloadNames.Pipeline).OrderBy(r => r.Threads).ToList();

        Assert.Equal([1, 2], pipeline.Select(r => r.Threads));
        Assert.All(pipeline, r => Assert.True(r.OpsPerSecond > 0 && r.RatioToFloor > 0 && double.IsFinite(r.RatioToFloor!.Value)));
    }

    [Fact]
    public void Given_the_smoke_run_When_its_report_is_written_Then_the_table_the_csv_and_the_chart_are_there()
    {
        var folder = Path.Combine(Path.GetTempPath(), "benchmarks-tests-" + Guid.NewGuid().ToString("N"));
        try
        {
            var files = ReportFiles.Write(run.Report, folder);

            var markdown = File.ReadAllText(files.Markdown);
            Assert.All(Designs, d => Assert.Contains($"| {d} |", markdown, StringComparison.Ordinal));
            var csv = File.ReadAllLines(files.Csv);
            Assert.Equal(run.Report.Rows.Count + 1, csv.Length);
            Assert.All(csv, line => Assert.Equal(csv[0].Count(c => c == ','), line.Count(c => c == ',')));
            Assert.All(csv.Skip(1), line => Assert.True(
                double.TryParse(line.Split(',')[5], NumberStyles.Float, CultureInfo.InvariantCulture, out _), $"requests column in '{line}'"));
            Assert.Equal(6, files.Charts.Count);
            Assert.All(files.Charts.Prepend(files.Chart), chart =>
            {
                var png = File.ReadAllBytes(chart);
                Assert.True(png.Length > 1000, chart);
                Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png.Take(4));
            });
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
