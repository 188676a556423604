namespace Benchmarks.Reporting;

/// <summary>Where one run's report went.</summary>
internal sealed record ReportFiles(string Markdown, string Csv, string Chart)
{
    /// <summary>The second round's charts, one per workload (issue 14).</summary>
    public IReadOnlyList<string> Charts { get; init; } = [];

    public static ReportFiles Write(BenchmarkReport report, string folder)
    {
        ArgumentNullException.ThrowIfNull(report);
        Directory.CreateDirectory(folder);
        var files = new ReportFiles(Path.Combine(folder, "latest.md"), Path.Combine(folder, "latest.csv"), Path.Combine(folder, "load.png"));
        File.WriteAllText(files.Markdown, Reports.Markdown(report));
        File.WriteAllText(files.Csv, Reports.Csv(report));
        LoadChart.Write(report.Rows, files.Chart);
        return files with { Charts = BarCharts.WriteAll(report.Rows, folder) };
    }
}
