using System.Diagnostics;

namespace Benchmarks.Measurement;

/// <summary>Latencies of repeated operations, and the usage they cost in all.</summary>
internal sealed class Samples
{
    private readonly List<double> _milliseconds = [];

    public int Count => _milliseconds.Count;

    public double TotalMilliseconds => _milliseconds.Sum();

    public void Add(TimeSpan elapsed) => _milliseconds.Add(elapsed.TotalMilliseconds);

    public double Percentile(double p) => Percentile(_milliseconds, p);

    /// <summary>Nearest-rank percentile: always a latency that was actually observed.</summary>
    public static double Percentile(IReadOnlyCollection<double> values, double p)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToArray();
        var rank = (int)Math.Ceiling(p / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    /// <summary>Times <paramref name="operation"/> and keeps the latency.</summary>
    public async Task<T> TimeAsync<T>(Func<Task<T>> operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        var started = Stopwatch.GetTimestamp();
        var result = await operation().ConfigureAwait(false);
        Add(Stopwatch.GetElapsedTime(started));
        return result;
    }
}
