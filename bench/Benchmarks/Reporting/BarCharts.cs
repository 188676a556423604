using System.Globalization;
using Benchmarks.Workloads;
using ScottPlot;
using SkiaSharp;

namespace Benchmarks.Reporting;

/// <summary>
/// The second round's charts (issue 14): grouped bars, one PNG per workload with one panel per figure, side by side.
/// </summary>
internal static class BarCharts
{
    private const int PanelWidth = 620;
    private const int Height = 480;

    private static readonly Color[] Palette =
    [
        new(31, 119, 180), new(255, 127, 14), new(44, 160, 44), new(214, 39, 40), new(148, 103, 189), new(140, 86, 75),
    ];

    /// <summary>Writes every chart the rows allow; returns the files written.</summary>
    public static List<string> WriteAll(IReadOnlyList<ResultRow> rows, string folder)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var written = new List<string>();

        var roundTrips = rows.Where(r => r.Workload == WorkloadNames.LoadRoundTrip).ToList();
        if (roundTrips.Count > 0)
        {
            var groups = roundTrips.Select(r => (r.N, r.Variant)).Distinct().OrderBy(g => g.N).ThenBy(g => g.Variant, StringComparer.Ordinal).ToList();
            var labels = groups.Select(g => $"N={g.N.ToString("N0", CultureInfo.InvariantCulture)}\n{(g.Variant == "no snapshot" ? "no snapshot" : $"lag {g.Variant}")}").ToArray();
            var designs = new[] { LoadRoundTripWorkload.TwoRoundTrips, LoadRoundTripWorkload.Warm, LoadRoundTripWorkload.Cold };
            double[] Values(string design, Func<ResultRow, double> value) =>
                groups.Select(g => roundTrips.FirstOrDefault(r => r.Design == design && r.N == g.N && r.Variant == g.Variant) is { } r ? value(r) : 0).ToArray();
            written.Add(Save(
                Path.Combine(folder, "load-round-trips.png"),
                Grouped("p50 load latency (DynamoDB Local)", "milliseconds", labels, designs.Select(d => (d, Values(d, r => r.P50Ms))).ToArray()),
                Grouped("RCU per load (AWS rule)", "RCU", labels, designs.Select(d => (d, Values(d, r => r.AwsRcuPerOp))).ToArray()),
                Grouped("Round trips per load (measured)", "round trips", labels, designs.Select(d => (d, Values(d, r => r.RoundTripsPerOp))).ToArray())));
        }

        var idempotency = rows.Where(r => r.Workload == WorkloadNames.Idempotency).ToList();
        if (idempotency.Count > 0)
        {
            var labels = idempotency.Select(r => r.Variant.Replace(", ", ",\n", StringComparison.Ordinal).Replace(": ", ":\n", StringComparison.Ordinal)).ToArray();
            written.Add(Save(
                Path.Combine(folder, "idempotency.png"),
                Grouped("Cost per command", "per command", labels,
                [
                    ("requests", idempotency.Select(r => r.RequestsPerOp).ToArray()),
                    ("RCU", idempotency.Select(r => r.RcuPerOp).ToArray()),
                    ("WCU (AWS rule)", idempotency.Select(r => r.AwsWcuPerOp).ToArray()),
                ]),
                Grouped("Latency per command (DynamoDB Local)", "milliseconds", labels,
                [
                    ("p50", idempotency.Select(r => r.P50Ms).ToArray()),
                    ("p95", idempotency.Select(r => r.P95Ms).ToArray()),
                ])));
        }

        var blows = rows.Where(r => r.Workload == WorkloadNames.MultiTarget).ToList();
        if (blows.Count > 0)
        {
            var targets = blows.Select(r => r.N).Distinct().Order().ToList();
            var labels = targets.Select(t => $"{t} targets").ToArray();
            double[] Values(string how, Func<ResultRow, double> value) =>
                targets.Select(t => blows.FirstOrDefault(r => r.N == t && r.Variant == how) is { } r ? value(r) : 0).ToArray();
            var hows = MultiTargetWorkload.Variants.ToArray();
            written.Add(Save(
                Path.Combine(folder, "multi-target.png"),
                Grouped("Requests per blow", "requests", labels, hows.Select(h => (h, Values(h, r => r.RequestsPerOp))).ToArray()),
                Grouped("WCU per blow (AWS rule)", "WCU", labels, hows.Select(h => (h, Values(h, r => r.AwsWcuPerOp))).ToArray()),
                Grouped("p50 per blow (DynamoDB Local)", "milliseconds", labels, hows.Select(h => (h, Values(h, r => r.P50Ms))).ToArray())));
        }

        var policies = rows.Where(r => r.Workload == WorkloadNames.RetryPolicy).ToList();
        if (policies.Count > 0)
        {
            var labels = policies.Select(r => r.Design.Replace(", ", ",\n", StringComparison.Ordinal)).ToArray();
            written.Add(Save(
                Path.Combine(folder, "retry-policies.png"),
                Grouped("Commands per second (16 writers, one character)", "commands/s", labels, [("commands/s", policies.Select(r => r.OpsPerSecond ?? 0).ToArray())]),
                Grouped("Gave up (a 409 without If-Match)", "% of commands", labels, [("gave up %", policies.Select(r => 100.0 * r.Failed / r.Samples).ToArray())]),
                Grouped("Retries per command", "retries", labels, [("retries", policies.Select(r => r.RetriesPerOp ?? 0).ToArray())])));
        }

        var http = rows.Where(r => r.Workload == WorkloadNames.Http).ToList();
        if (http.Count > 0)
        {
            var scenarios = HttpWorkload.Scenarios.Where(s => http.Any(r => r.Variant == s)).ToList();
            var labels = scenarios.ToArray();
            var paths = http.Select(r => r.Design).Distinct(StringComparer.Ordinal).ToList();
            double[] Values(string path, Func<ResultRow, double> value) =>
                scenarios.Select(s => http.FirstOrDefault(r => r.Design == path && r.Variant == s) is { } r ? value(r) : 0).ToArray();
            written.Add(Save(
                Path.Combine(folder, "http.png"),
                Grouped("Commands per second (in-memory store)", "commands/s", labels, paths.Select(p => (p, Values(p, r => r.OpsPerSecond ?? 0))).ToArray()),
                Grouped("p50 per command", "milliseconds", labels, paths.Select(p => (p, Values(p, r => r.P50Ms))).ToArray())));
        }

        var feed = rows.Where(r => r.Workload == WorkloadNames.Feed).ToList();
        if (feed.Count > 0)
        {
            var appends = feed.Where(r => r.Variant == FeedFigures.Append).ToList();
            var lag = feed.Where(r => r.Variant == FeedFigures.Lag).ToList();
            var throughput = feed.Where(r => r.Variant == FeedFigures.Throughput).OrderBy(r => r.Threads).ToList();
            written.Add(Save(
                Path.Combine(folder, "feed.png"),
                Grouped("WCU per one-event append", "WCU", appends.Select(r => r.Design.Replace("ours, ", "ours,\n", StringComparison.Ordinal)).ToArray(),
                    [("WCU (AWS rule)", appends.Select(r => r.AwsWcuPerOp).ToArray())]),
                Grouped("Projection lag (steady load)", "milliseconds", ["p50", "p95"], [("lag", lag.Count > 0 ? [lag[0].P50Ms, lag[0].P95Ms] : [0, 0])]),
                Grouped("Events projected per second (backlog)", "events/s", throughput.Select(r => $"{r.Threads} worker{(r.Threads == 1 ? string.Empty : "s")}").ToArray(),
                    [("events/s", throughput.Select(r => r.OpsPerSecond ?? 0).ToArray())])));
        }

        return written;
    }

    private static Plot Grouped(string title, string yLabel, string[] groups, (string Name, double[] Values)[] series)
    {
        var plot = new Plot();
        var width = 0.8 / series.Length;
        for (var s = 0; s < series.Length; s++)
        {
            var bars = series[s].Values.Select((v, g) => new Bar
            {
                Position = g + ((s - ((series.Length - 1) / 2.0)) * width),
                Value = v,
                Size = width * 0.95,
                FillColor = Palette[s % Palette.Length],
            }).ToList();
            var plotted = plot.Add.Bars(bars);
            plotted.LegendText = series[s].Name;
            plotted.Color = Palette[s % Palette.Length];
        }

        plot.Axes.Bottom.SetTicks(Enumerable.Range(0, groups.Length).Select(i => (double)i).ToArray(), groups);
        plot.Axes.Bottom.MajorTickStyle.Length = 0;
        plot.Axes.Margins(bottom: 0);
        plot.Grid.MajorLineColor = Colors.Black.WithOpacity(0.15);
        plot.Title(title);
        plot.YLabel(yLabel);
        if (series.Length > 1)
        {
            plot.ShowLegend(Alignment.UpperLeft);
        }

        return plot;
    }

    private static string Save(string path, params Plot[] panels)
    {
        using var surface = SKSurface.Create(new SKImageInfo(PanelWidth * panels.Length, Height));
        surface.Canvas.Clear(SKColors.White);
        for (var i = 0; i < panels.Length; i++)
        {
            using var bitmap = SKBitmap.Decode(panels[i].GetImageBytes(PanelWidth, Height, ImageFormat.Png));
            surface.Canvas.DrawBitmap(bitmap, PanelWidth * i, 0);
        }

        using var image = surface.Snapshot();
        using var png = image.Encode(SKEncodedImageFormat.Png, 100);
        using var file = File.Create(path);
        png.SaveTo(file);
        return path;
    }
}
