using Benchmarks.Designs;
using Benchmarks.Measurement;
using Benchmarks.Reporting;

namespace Benchmarks.Workloads;

/// <summary>Measures one cell: latencies of each operation, and what the design's client sent and was billed meanwhile.</summary>
internal sealed class Cell
{
    private readonly Design _design;
    private readonly Usage _before;
    private readonly Usage? _productBefore;

    private Cell(Design design)
    {
        _design = design;
        _before = design.Meter.Read();
        _productBefore = (design as OursDesign)?.ProductMeterTotals();
    }

    public Samples Latencies { get; } = new();

    public static Cell Start(Design design) => new(design);

    public Usage Usage => _design.Meter.Read() - _before;

    /// <summary>
    /// For ours, the adapter's own capacity meter must agree with the client-side meter over the same cell; a
    /// difference would mean one of them misses requests. Null when they agree (or for the baselines).
    /// </summary>
    public string? CrossCheck(string what)
    {
        if (_design is not OursDesign ours || _productBefore is not { } before)
        {
            return null;
        }

        var product = ours.ProductMeterTotals() - before;
        var client = Usage;
        return product.Requests == client.Requests
            && Math.Abs(product.ReadCapacityUnits - client.ReadCapacityUnits) < 1e-6
            && Math.Abs(product.WriteCapacityUnits - client.WriteCapacityUnits) < 1e-6
                ? null
                : $"{what}: the adapter's meter says {product.Requests} requests, {product.ReadCapacityUnits} RCU, {product.WriteCapacityUnits} WCU " +
                  $"but the client saw {client.Requests}, {client.ReadCapacityUnits}, {client.WriteCapacityUnits}";
    }

    public ResultRow ToRow(string workload, long n, int operations, int threads = 1) => new()
    {
        Workload = workload,
        Design = _design.Name,
        N = n,
        Threads = threads,
        Samples = operations,
        RequestsPerOp = (double)Usage.Requests / operations,
        RcuPerOp = Usage.ReadCapacityUnits / operations,
        AwsRcuPerOp = Usage.AwsReadCapacityUnits / operations,
        RoundTripsPerOp = (double)Usage.RoundTrips / operations,
        WcuPerOp = Usage.WriteCapacityUnits / operations,
        AwsWcuPerOp = Usage.AwsWriteCapacityUnits / operations,
        P50Ms = Latencies.Percentile(50),
        P95Ms = Latencies.Percentile(95),
    };
}
