using System.Diagnostics.Metrics;

namespace EventSourcing;

/// <summary>Counters of the command path (meter "Hexagonal.EventSourcing").</summary>
public sealed class EventSourcingMetrics : IDisposable
{
    public const string MeterName = "Hexagonal.EventSourcing";

    private readonly Meter _meter;

    public EventSourcingMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _meter = meterFactory.Create(MeterName);
        CommandsHandled = _meter.CreateCounter<long>("hexagonal.commands.handled", description: "Commands handled, by command and outcome.");
        ConflictsRetried = _meter.CreateCounter<long>("hexagonal.commands.conflicts_retried", description: "Version conflicts resolved by retrying a command.");
        SnapshotsWritten = _meter.CreateCounter<long>("hexagonal.snapshots.written", description: "Snapshots written.");
        IdempotencyReads = _meter.CreateCounter<long>(
            "hexagonal.commands.idempotency_reads", description: "Reads made to recognise a repeated command id (the rare path), by reason.");
    }

    public Counter<long> CommandsHandled { get; }

    public Counter<long> ConflictsRetried { get; }

    public Counter<long> SnapshotsWritten { get; }

    public Counter<long> IdempotencyReads { get; }

    public void Dispose() => _meter.Dispose();
}
