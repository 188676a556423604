using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;

namespace Hosting;

/// <summary>
/// Writes each periodic health report to the log, so a host without HTTP (the worker) reports its health too: one
/// line per check that is not healthy, at Warning and without the exception's stack, since during an outage every
/// check fails the same way and a stack trace per check buries the log.
/// </summary>
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
                LogUnhealthy(name, entry.Status, OneLine(entry.Description ?? entry.Exception?.Message));
            }
        }

        return Task.CompletedTask;
    }

    private static string? OneLine(string? text) =>
        text?.ReplaceLineEndings(" ");

    [LoggerMessage(Level = LogLevel.Debug, Message = "Health check {Check} is healthy ({DurationMs} ms)")]
    private partial void LogHealthy(string check, double durationMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Health check {Check} is {Status}: {Description}")]
    private partial void LogUnhealthy(string check, HealthStatus status, string? description);
}
