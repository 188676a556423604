using System.Diagnostics.CodeAnalysis;
using EventSourcing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Hosting.Snapshots;

/// <summary>
/// Runs <see cref="SnapshotJob"/> until the host stops: batch after batch while full batches write snapshots,
/// otherwise a pause of <see cref="SnapshotWorkerOptions.PollInterval"/> after each batch. Faults are logged and retried after the
/// pause, never allowed to stop the host.
/// </summary>
public sealed partial class SnapshotWorker(
    SnapshotJob job,
    IOptionsMonitor<SnapshotWorkerOptions> options,
    TimeProvider clock,
    ILogger<SnapshotWorker> logger) : BackgroundService
{
    [SuppressMessage("Design", "CA1031:Do not catch general exception types", Justification = "The worker's top-level boundary: the job must outlive any one failed batch; an escaping exception would stop the whole host.")]
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

                // Only a full batch that wrote snapshots goes straight on: a write needs new events, so this cannot
                // spin. A batch that only cleared, dropped or failed waits, even if it claims progress: a flag that
                // did not really go away would otherwise be listed again at once, batch after batch.
                moreWaiting = batch.Listed >= options.CurrentValue.BatchSize && batch.Written > 0;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (EventStoreUnavailableException ex)
            {
                LogStoreUnavailable(ex, options.CurrentValue.PollInterval);
            }
            catch (Exception ex)
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
