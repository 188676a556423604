using EventSourcing;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Hosting.Projections;

/// <summary>
/// Degraded (never unhealthy: the events are safe, only the read models trail) when the latest poll applied events
/// older than Feed:DegradedLag, when no poll has finished for that long, or while a stream fails to project.
/// </summary>
internal sealed class ProjectionHealthCheck(FeedProcessor processor, IOptions<FeedOptions> options, TimeProvider clock) : IHealthCheck
{
    public const string Name = "projections";

    private readonly DateTimeOffset _started = clock.GetUtcNow();

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var limit = options.Value.DegradedLag;
        var (lastPoll, lag) = processor.Status;
        var now = clock.GetUtcNow();
        var data = new Dictionary<string, object> { ["lagSeconds"] = lag.TotalSeconds, ["shards"] = processor.HeldShards.Count };
        var failing = processor.FailingStreams;
        data["failingStreams"] = failing;
        if (failing > 0)
        {
            return Task.FromResult(HealthCheckResult.Degraded($"{failing} stream(s) fail to project; they are retried with back-off (see the log).", data: data));
        }

        if (lag > limit)
        {
            return Task.FromResult(HealthCheckResult.Degraded($"The projections are {lag.TotalSeconds:F1} s behind the events (limit {limit.TotalSeconds:F0} s).", data: data));
        }

        var since = lastPoll == default ? now - _started : now - lastPoll;
        return Task.FromResult(since > limit
            ? HealthCheckResult.Degraded($"No feed poll has finished for {since.TotalSeconds:F0} s.", data: data)
            : HealthCheckResult.Healthy($"Projections {lag.TotalSeconds:F1} s behind.", data));
    }
}
