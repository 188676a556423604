using EventSourcing;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Hosting;

/// <summary>
/// Healthy when the event store answers the cheapest read it has: a strongly consistent read of one event of a stream
/// that never exists (no aggregate's data is touched).
/// </summary>
internal sealed class EventStoreHealthCheck(IEventStore store) : IHealthCheck
{
    public const string Name = "event-store";

    private static readonly StreamId Probe = new("health", "probe");

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await store.ReadAsync(Probe, 0, 1, cancellationToken: cancellationToken).ConfigureAwait(false);
            return HealthCheckResult.Healthy($"The event store ({store.GetType().Name}) answers.");
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The report carries the exception; a health check must report, not throw.
            return new HealthCheckResult(context.Registration.FailureStatus, "The event store does not answer.", ex);
        }
    }
}
