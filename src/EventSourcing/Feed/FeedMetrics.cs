using System.Diagnostics.Metrics;

namespace EventSourcing;

/// <summary>Instruments of the feed processor (meter "Hexagonal.Feed").</summary>
public sealed class FeedMetrics : IDisposable
{
    public const string MeterName = "Hexagonal.Feed";

    private readonly Meter _meter;
    private double _lagSeconds;
    private long _lagEvents;

    public FeedMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _meter = meterFactory.Create(MeterName);
        EventsProjected = _meter.CreateCounter<long>("hexagonal.feed.events_projected", description: "Events applied to a projection row, by projection.");
        Redeliveries = _meter.CreateCounter<long>(
            "hexagonal.feed.redeliveries", description: "Feed entries or row writes found already applied (overlap re-reads, another worker, a crash before a checkpoint).");
        LeaseChanges = _meter.CreateCounter<long>("hexagonal.feed.lease_changes", description: "Shard leases taken or lost, by change.");
        Failures = _meter.CreateCounter<long>(
            "hexagonal.feed.failures", description: "Failed attempts to project a stream (by projection) or whole polls (projection '-'); each is retried with back-off.");
        Lag = _meter.CreateHistogram<double>("hexagonal.feed.lag", unit: "s", description: "Time from an event's commit to its projection.");
        _meter.CreateObservableGauge("hexagonal.feed.lag_seconds", () => Volatile.Read(ref _lagSeconds), unit: "s",
            description: "The largest lag of the events applied in the latest poll (0 when it found nothing new).");
        _meter.CreateObservableGauge("hexagonal.feed.lag_events", () => Volatile.Read(ref _lagEvents),
            description: "Events the latest poll found behind (applied in that poll).");
    }

    public Counter<long> EventsProjected { get; }

    public Counter<long> Redeliveries { get; }

    public Counter<long> LeaseChanges { get; }

    public Counter<long> Failures { get; }

    public Histogram<double> Lag { get; }

    internal void ReportPoll(double lagSeconds, long behind)
    {
        Volatile.Write(ref _lagSeconds, lagSeconds);
        Volatile.Write(ref _lagEvents, behind);
    }

    public void Dispose() => _meter.Dispose();
}
