using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Hosting.Snapshots;

/// <summary>The job's spans (source "Hexagonal.Worker") and counters (meter "Hexagonal.Worker").</summary>
public sealed class WorkerTelemetry : IDisposable
{
    public const string Name = "Hexagonal.Worker";

    private readonly Meter _meter;

    public WorkerTelemetry(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _meter = meterFactory.Create(Name);
        FlagsProcessed = _meter.CreateCounter<long>(
            "hexagonal.worker.snapshot_flags",
            description: "Snapshot flags handled by the job, by outcome (written, current, dropped, failed).");
        Batches = _meter.CreateCounter<long>("hexagonal.worker.batches", description: "Batches that found flagged streams.");
    }

    public static ActivitySource ActivitySource { get; } = new(Name);

    public Counter<long> FlagsProcessed { get; }

    public Counter<long> Batches { get; }

    public void Dispose() => _meter.Dispose();
}
