using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using EventSourcing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Hosting.Snapshots;

/// <summary>What one batch did.</summary>
/// <param name="Listed">Flags taken from the schedule.</param>
/// <param name="Cleared">Flags cleared because the snapshot covers them (written now, or already current).</param>
/// <param name="Written">Snapshots this batch wrote.</param>
/// <param name="Dropped">Flags removed without a snapshot because none can ever serve them (no such stream, or a flag above the stream's head).</param>
/// <param name="Failed">Flags left in place after an error; they come back next round.</param>
/// <param name="Stopped">The batch ended early because the host is stopping.</param>
public sealed record SnapshotBatch(int Listed, int Cleared, int Written, int Dropped, int Failed, bool Stopped);

/// <summary>
/// One pass of snapshot maintenance: take the oldest flagged streams, have the application refresh each
/// snapshot, then clear the flag at the version the snapshot covers.
/// Safe to stop anywhere and to run twice at once: the flag is cleared only after the snapshot is stored, a
/// snapshot is one atomic write that the store refuses over a newer one, and clearing keeps a newer flag.
/// The job decides nothing itself; whether a snapshot is due is the application's call.
/// </summary>
public sealed partial class SnapshotJob(
    IServiceScopeFactory scopes,
    IOptionsMonitor<SnapshotWorkerOptions> options,
    WorkerTelemetry telemetry,
    ILogger<SnapshotJob> logger)
{
    public async Task<SnapshotBatch> RunOnceAsync(CancellationToken stoppingToken)
    {
        var settings = options.CurrentValue;
        await using var scope = scopes.CreateAsyncScope();
        var schedule = scope.ServiceProvider.GetRequiredService<ISnapshotSchedule>();

        // Every registered aggregate's category, so that no aggregate's loads can grow unnoticed.
        var refreshers = scope.ServiceProvider.GetServices<ISnapshotRefresher>().ToDictionary(r => r.Category, StringComparer.Ordinal);
        var due = new List<SnapshotDue>();
        foreach (var category in refreshers.Keys.Order(StringComparer.Ordinal))
        {
            if (due.Count >= settings.BatchSize)
            {
                break;
            }

            due.AddRange(await schedule.ListDueAsync(category, settings.BatchSize - due.Count, stoppingToken).ConfigureAwait(false));
        }

        if (due.Count == 0)
        {
            // An idle poll is not worth a span every few seconds.
            return new SnapshotBatch(0, 0, 0, 0, 0, Stopped: stoppingToken.IsCancellationRequested);
        }

        using var activity = WorkerTelemetry.ActivitySource.StartActivity("snapshot.batch");
        telemetry.Batches.Add(1);
        activity?.SetTag("hexagonal.flags.listed", due.Count);

        // Stopping takes no new stream, but the stream in hand gets a grace period before it is abandoned.
        using var abandon = new CancellationTokenSource();
        using var onStop = stoppingToken.Register(() => abandon.CancelAfter(settings.ShutdownGrace));

        int cleared = 0, written = 0, dropped = 0, failed = 0;
        foreach (var flag in due)
        {
            if (stoppingToken.IsCancellationRequested)
            {
                LogStopping(due.Count - cleared - dropped - failed);
                return new SnapshotBatch(due.Count, cleared, written, dropped, failed, Stopped: true);
            }

            switch (await RefreshAsync(refreshers[flag.StreamId.Category], schedule, flag, abandon.Token).ConfigureAwait(false))
            {
                case Outcome.Written:
                    written++;
                    cleared++;
                    break;
                case Outcome.Current:
                    cleared++;
                    break;
                case Outcome.Dropped:
                    dropped++;
                    break;
                default:
                    failed++;
                    break;
            }
        }

        LogBatch(due.Count, written, cleared, dropped, failed);

        return new SnapshotBatch(due.Count, cleared, written, dropped, failed, Stopped: stoppingToken.IsCancellationRequested);
    }

    // The per-stream fault boundary: cancellation and an unavailable store propagate (the whole batch would fail the
    // same way); anything else is one stream's problem, logged, and its flag stays for the next round.
    [SuppressMessage("Design", "CA1031:Do not catch general exception types", Justification = "Fault isolation per stream: one stream that cannot be loaded (a bug, bad data) must not stop the others.")]
    private async Task<Outcome> RefreshAsync(ISnapshotRefresher refresher, ISnapshotSchedule schedule, SnapshotDue flag, CancellationToken cancellationToken)
    {
        using var activity = WorkerTelemetry.ActivitySource.StartActivity("snapshot.refresh");
        activity?.SetTag("hexagonal.stream", flag.StreamId.ToString());
        activity?.SetTag("hexagonal.flag.version", flag.Version);
        var outcome = Outcome.Failed;
        try
        {
            var refreshed = await refresher.RefreshAsync(flag.StreamId.Id, cancellationToken).ConfigureAwait(false);
            if (refreshed.Exists && refreshed.Version < flag.Version)
            {
                // The stream's head is below the flag, so no snapshot can ever cover it, and clearing at the head
                // would leave it in place to be listed again forever. Remove it at its own version.
                await schedule.ClearAsync(flag.StreamId, flag.Version, cancellationToken).ConfigureAwait(false);
                outcome = Outcome.Dropped;
                LogDroppedAboveHead(flag.StreamId, flag.Version, refreshed.Version);
            }
            else if (refreshed.Exists)
            {
                // Cleared at the version the snapshot covers: a flag raised by a newer commit meanwhile stays.
                await schedule.ClearAsync(flag.StreamId, refreshed.Version, cancellationToken).ConfigureAwait(false);
                outcome = refreshed.Written ? Outcome.Written : Outcome.Current;
                LogRefreshed(flag.StreamId, refreshed.Version, refreshed.Written);
            }
            else
            {
                // Nothing can ever be snapshotted for this flag; keeping it would block the head of the queue.
                await schedule.ClearAsync(flag.StreamId, flag.Version, cancellationToken).ConfigureAwait(false);
                outcome = Outcome.Dropped;
                LogDropped(flag.StreamId, flag.Version, "the stream does not exist");
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            LogAbandoned(flag.StreamId, flag.Version);
            throw;
        }
        catch (EventStoreUnavailableException)
        {
            // The store is down: the rest of the batch would fail the same way. The loop backs off.
            throw;
        }
        catch (Exception ex)
        {
            LogFailed(ex, flag.StreamId, flag.Version);
        }

        telemetry.FlagsProcessed.Add(1, new KeyValuePair<string, object?>("outcome", outcome.ToString().ToLowerInvariant()));
        activity?.SetTag("hexagonal.outcome", outcome.ToString());
        return outcome;
    }

    private enum Outcome
    {
        Written,
        Current,
        Dropped,
        Failed,
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Snapshot of {StreamId} refreshed at version {Version} (written: {Written}); flag cleared")]
    private partial void LogRefreshed(StreamId streamId, long version, bool written);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dropped the snapshot flag of {StreamId} at {Version}: {Reason}")]
    private partial void LogDropped(StreamId streamId, long version, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dropped the snapshot flag of {StreamId} at {Version}: the stream's head is {Head}, below the flag")]
    private partial void LogDroppedAboveHead(StreamId streamId, long version, long head);


    [LoggerMessage(Level = LogLevel.Error, Message = "Could not refresh the snapshot of {StreamId} flagged at {Version}; the flag stays for the next round")]
    private partial void LogFailed(Exception exception, StreamId streamId, long version);

    [LoggerMessage(Level = LogLevel.Information, Message = "Abandoned {StreamId} flagged at {Version} on shutdown; its flag stays for the next run")]
    private partial void LogAbandoned(StreamId streamId, long version);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stopping: {Remaining} flagged streams left for the next run")]
    private partial void LogStopping(int remaining);

    [LoggerMessage(Level = LogLevel.Information, Message = "Snapshot batch: {Listed} flagged, {Written} written, {Cleared} cleared, {Dropped} dropped, {Failed} failed")]
    private partial void LogBatch(int listed, int written, int cleared, int dropped, int failed);
}
