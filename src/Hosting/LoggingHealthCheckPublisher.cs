using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;

namespace Hosting;

/// <summary>Writes each periodic health report to the log, so a host without HTTP (the worker) reports its health too.</summary>
internal sealed partial class LoggingHealthCheckPublisher(ILogger<LoggingHealthCheckPublisher> logger) : IHealthCheckPublisher
{
    public Task PublishAsync(HealthReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        foreach (var (name, entry) in report.Entries)
        {
            if (entry.Status == HealthStatus.Healthy)
            {
                LogHealthy(name, entry.Duration.TotalMilliseconds);
            }
            else
            {
                LogUnhealthy(entry.Exception, name, entry.Status, entry.Description);
            }
        }

        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Health check {Check} is healthy ({DurationMs} ms)")]
    private partial void LogHealthy(string check, double durationMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Health check {Check} is {Status}: {Description}")]
    private partial void LogUnhealthy(Exception? exception, string check, HealthStatus status, string? description);
}
