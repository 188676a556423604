using Benchmarks.Reporting;

namespace Benchmarks.Tests;

/// <summary>The well-formedness check must be able to fail, or the smoke mode proves nothing.</summary>
[Collection(SmokeRunCollection.Name)]
public sealed class ReportChecksTests(SmokeRunFixture run)
{
    [Fact]
    public void Given_a_design_missing_from_the_report_When_checked_Then_it_is_named()
    {
        var report = run.Report with { Rows = run.Report.Rows.Where(r => r.Design != "tip").ToList() };

        Assert.Contains(ReportChecks.Problems(report, SmokeRunFixture.Settings), p => p.StartsWith("missing:", StringComparison.Ordinal) && p.EndsWith("tip at N=10", StringComparison.Ordinal));
    }

    [Fact]
    public void Given_a_cell_without_requests_When_checked_Then_it_is_reported()
    {
        var rows = run.Report.Rows.ToList();
        var index = rows.FindIndex(r => r.Workload == WorkloadNames.Load);
        rows[index] = rows[index] with { RequestsPerOp = 0 };

        Assert.Contains(ReportChecks.Problems(run.Report with { Rows = rows }, SmokeRunFixture.Settings), p => p.Contains("requests per operation", StringComparison.Ordinal));
    }

    [Fact]
    public void Given_a_negative_capacity_When_checked_Then_it_is_reported()
    {
        var rows = run.Report.Rows.ToList();
        var index = rows.FindIndex(r => r.Workload == WorkloadNames.Append1);
        rows[index] = rows[index] with { WcuPerOp = -1 };

        Assert.Contains(ReportChecks.Problems(run.Report with { Rows = rows }, SmokeRunFixture.Settings), p => p.Contains("WCU -1", StringComparison.Ordinal));
    }
}
