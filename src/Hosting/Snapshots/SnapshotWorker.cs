using EventSourcing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Hosting.Snapshots;

/// <summary>
/// Runs <see cref="SnapshotJob"/> until the host stops: batch after batch while the schedule holds full batches,
/// then a pause of <see cref="SnapshotWorkerOptions.PollInterval"/>. Faults are logged and retried after the
/// pause, never allowed to stop the host.
/// </summary>
public sealed partial class SnapshotWorker(
    SnapshotJob job,
    IOptionsMonitor<SnapshotWorkerOptions> options,
    TimeProvider clock,
    ILogger<SnapshotWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        LogStarted(options.CurrentValue.BatchSize, options.CurrentValue.PollInterval);
        while (!stoppingToken.IsCancellationRequested)
        {
            var moreWaiting = false;
            try
            {
                var batch = await job.RunOnceAsync(stoppingToken).ConfigureAwait(false);
                if (batch.Stopped)
                {
                    break;
                }

                // A full batch that made progress means more flags are probably waiting; a full batch of failures
                // must not spin.
                moreWaiting = batch.Listed >= options.CurrentValue.BatchSize && batch.Cleared > 0;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (EventStoreUnavailableException ex)
            {
                LogStoreUnavailable(ex, options.CurrentValue.PollInterval);
            }
#pragma warning disable CA1031 // The job must outlive any one failed batch; an escaping exception would stop the whole host.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogBatchFailed(ex, options.CurrentValue.PollInterval);
            }

            if (moreWaiting)
            {
                continue;
            }

            try
            {
                await Task.Delay(options.CurrentValue.PollInterval, clock, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        LogStopped();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Snapshot job started: batches of {BatchSize}, polling every {PollInterval}")]
    private partial void LogStarted(int batchSize, TimeSpan pollInterval);

    [LoggerMessage(Level = LogLevel.Information, Message = "Snapshot job stopped")]
    private partial void LogStopped();

    [LoggerMessage(Level = LogLevel.Warning, Message = "The event store is unavailable; the snapshot job tries again in {PollInterval}")]
    private partial void LogStoreUnavailable(Exception exception, TimeSpan pollInterval);

    [LoggerMessage(Level = LogLevel.Error, Message = "A snapshot batch failed; the job tries again in {PollInterval}")]
    private partial void LogBatchFailed(Exception exception, TimeSpan pollInterval);
}
