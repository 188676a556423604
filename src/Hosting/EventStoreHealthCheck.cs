using Application.EventStore;
using Application.Events;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Hosting;

/// <summary>Healthy when the event store answers the cheapest read it has: one entry of the character listing.</summary>
internal sealed class EventStoreHealthCheck(IEventStore store) : IHealthCheck
{
    public const string Name = "event-store";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await store.ListStreamsAsync(CharacterEventTypes.Category, 1, null, cancellationToken).ConfigureAwait(false);
            return HealthCheckResult.Healthy($"The event store ({store.GetType().Name}) answers.");
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The report carries the exception; a health check must report, not throw.
            return new HealthCheckResult(context.Registration.FailureStatus, "The event store does not answer.", ex);
        }
    }
}
