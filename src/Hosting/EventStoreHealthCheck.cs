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
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            await store.ReadAsync(Probe, 0, 1, cancellationToken: cancellationToken).ConfigureAwait(false);
            return HealthCheckResult.Healthy($"The event store ({store.GetType().Name}) answers.");
        }
        catch (OperationCanceledException ex) when (cancellationToken.IsCancellationRequested)
        {
            // The registration's timeout (or the caller) cancelled the read. Reported here rather than thrown, so the
            // health check service does not log an SDK stack trace as an error on every check of an outage.
            return new HealthCheckResult(
                context.Registration.FailureStatus,
                $"The event store did not answer within {context.Registration.Timeout}.",
                ex);
        }
        catch (Exception ex)
        {
            // The report carries the exception for whoever reads it; the description says enough on one line.
            return new HealthCheckResult(
                context.Registration.FailureStatus,
                $"The event store does not answer: {ex.GetType().Name}: {ex.Message}",
                ex);
        }
    }
}
