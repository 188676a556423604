using Benchmarks.Designs;
using ScottPlot;
using ScottPlot.TickGenerators;
using SkiaSharp;

namespace Benchmarks.Reporting;

/// <summary>
/// The load chart: read capacity units per load and p50 load latency against N, both axes logarithmic, one line per
/// design, two panels in one PNG. ScottPlot has no log axis as such: the data is plotted as log10 and the ticks are
/// labelled with the powers of ten.
/// </summary>
internal static class LoadChart
{
    private const int PanelWidth = 700;
    private const int Height = 520;

    private static readonly Dictionary<string, Color> Colors = new(StringComparer.Ordinal)
    {
        [OursDesign.DesignName] = new Color(31, 119, 180),
        [NaiveDesign.DesignName] = new Color(214, 39, 40),
        [TipDesign.DesignName] = new Color(44, 160, 44),
    };

    public static void Write(IReadOnlyList<ResultRow> rows, string path)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var loads = rows.Where(r => r.Workload is WorkloadNames.Load or WorkloadNames.LoadLagging).ToList();
        using var capacity = Panel(loads, r => r.RcuPerOp, "Read capacity units per load", "RCU per load");
        using var latency = Panel(loads, r => r.P50Ms, "p50 load latency (DynamoDB Local)", "milliseconds");

        // Each panel is rendered on its own (a plot clears the canvas it renders on), then both go side by side.
        using var surface = SKSurface.Create(new SKImageInfo(PanelWidth * 2, Height));
        surface.Canvas.Clear(SKColors.White);
        using var left = SKBitmap.Decode(capacity.GetImageBytes(PanelWidth, Height, ImageFormat.Png));
        using var right = SKBitmap.Decode(latency.GetImageBytes(PanelWidth, Height, ImageFormat.Png));
        surface.Canvas.DrawBitmap(left, 0, 0);
        surface.Canvas.DrawBitmap(right, PanelWidth, 0);
        using var image = surface.Snapshot();
        using var png = image.Encode(SKEncodedImageFormat.Png, 100);
        using var file = File.Create(path);
        png.SaveTo(file);
    }

    private static Plot Panel(List<ResultRow> loads, Func<ResultRow, double> value, string title, string yLabel)
    {
        var plot = new Plot();
        foreach (var design in loads.Select(r => r.Design).Distinct())
        {
            // The lagging-snapshot cell is drawn as an open marker beside the line, so that the line (which sits on
            // snapshot boundaries) does not pass for the whole story.
            var lagging = loads.Where(r => r.Design == design && r.Workload == WorkloadNames.LoadLagging && value(r) > 0).ToList();
            if (lagging.Count > 0)
            {
                var open = plot.Add.Markers(lagging.Select(r => Math.Log10(r.N)).ToArray(), lagging.Select(r => Math.Log10(value(r))).ToArray());
                open.MarkerShape = MarkerShape.OpenCircle;
                open.MarkerSize = 14;
                open.MarkerLineWidth = 2;
                open.Color = Colors.TryGetValue(design, out var c) ? c : ScottPlot.Colors.Gray;
                open.LegendText = $"{design}, snapshot {BenchmarkSettings.ProductSnapshotInterval - 1} behind";
            }

            var points = loads.Where(r => r.Design == design && r.Workload == WorkloadNames.Load && value(r) > 0).OrderBy(r => r.N).ToList();
            var line = plot.Add.Scatter(points.Select(r => Math.Log10(r.N)).ToArray(), points.Select(r => Math.Log10(value(r))).ToArray());
            line.LegendText = design;
            line.LineWidth = 2;
            line.MarkerSize = 8;
            if (Colors.TryGetValue(design, out var color))
            {
                line.Color = color;
            }
        }

        plot.Axes.Bottom.TickGenerator = LogTicks();
        plot.Axes.Left.TickGenerator = LogTicks();
        plot.Grid.MajorLineColor = ScottPlot.Colors.Black.WithOpacity(0.15);
        plot.Grid.MinorLineColor = ScottPlot.Colors.Black.WithOpacity(0.05);
        plot.Grid.MinorLineWidth = 1;
        plot.Title(title);
        plot.XLabel("events in the stream (N)");
        plot.YLabel(yLabel);
        plot.ShowLegend(Alignment.UpperLeft);
        return plot;
    }

    private static NumericAutomatic LogTicks() => new()
    {
        MinorTickGenerator = new LogMinorTickGenerator(),
        IntegerTicksOnly = true,
        LabelFormatter = v => Math.Pow(10, v).ToString(v >= 0 ? "N0" : "0.###", System.Globalization.CultureInfo.InvariantCulture),
    };
}
