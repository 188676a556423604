using System.Diagnostics.Metrics;

namespace Application.Common;

/// <summary>Counters the hosts export through OpenTelemetry (meter "Hexagonal.Application").</summary>
public sealed class ApplicationMetrics : IDisposable
{
    public const string MeterName = "Hexagonal.Application";

    private readonly Meter _meter;

    public ApplicationMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _meter = meterFactory.Create(MeterName);
        CommandsHandled = _meter.CreateCounter<long>("hexagonal.commands.handled", description: "Commands handled, by command and outcome.");
        ConflictsRetried = _meter.CreateCounter<long>("hexagonal.commands.conflicts_retried", description: "Version conflicts resolved by retrying a command.");
        SnapshotsWritten = _meter.CreateCounter<long>("hexagonal.snapshots.written", description: "Snapshots written.");
    }

    public Counter<long> CommandsHandled { get; }

    public Counter<long> ConflictsRetried { get; }

    public Counter<long> SnapshotsWritten { get; }

    public void Dispose() => _meter.Dispose();
}
