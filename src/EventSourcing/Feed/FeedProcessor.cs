using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace EventSourcing;

/// <summary>
/// Keeps every registered projection up to date from the change feed, sharing the shards with other workers through
/// leases. Why nothing is skipped:
/// <list type="bullet">
/// <item>the feed only says which streams moved; the events themselves are read from the store, strongly consistent,
/// from the row's last applied version + 1 to the stream's end, so a late or missing entry for version v is harmless
/// as soon as any entry of the same stream at or after v has been seen (holes fill themselves);</item>
/// <item>each poll re-reads an overlap window of commit time before the checkpoint, and every so often a longer sweep
/// window, for entries that appear late (index lag, writers' clocks), which matters only for a stream's last event;</item>
/// <item>the checkpoint never passes this reader's clock, so a writer whose clock runs ahead cannot carry it past
/// other writers' commits;</item>
/// <item>rows are written conditionally on the version they were read at, so a redelivery or a second worker changes
/// nothing, and the checkpoint moves only after the rows are written (a crash between the two re-reads, never skips).</item>
/// </list>
/// </summary>
public sealed partial class FeedProcessor
{
    private const int ReadPageSize = 200;
    private const int MaxCachedVersions = 100_000;
    private const int MaxWriteRounds = 10;

    private readonly IEventFeed _feed;
    private readonly IEventStore _store;
    private readonly ISubscriptionStore _subscriptions;
    private readonly IProjectionStore _rows;
    private readonly IReadOnlyList<ProjectionDefinition> _projections;
    private readonly FeedOptions _options;
    private readonly FeedMetrics _metrics;
    private readonly TimeProvider _clock;
    private readonly IReadOnlyList<IProjectionObserver> _observers;
    private readonly ILogger _logger;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<int, Held> _held = new();
    private readonly Lock _statusLock = new();
    private DateTimeOffset _lastPollAt;
    private TimeSpan _lastLag;

    public FeedProcessor(
        IEventFeed feed,
        IEventStore store,
        ISubscriptionStore subscriptions,
        IProjectionStore rows,
        IEnumerable<ProjectionDefinition> projections,
        IOptions<FeedOptions> options,
        FeedMetrics metrics,
        TimeProvider? clock = null,
        IEnumerable<IProjectionObserver>? observers = null,
        ILogger<FeedProcessor>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _feed = feed ?? throw new ArgumentNullException(nameof(feed));
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _subscriptions = subscriptions ?? throw new ArgumentNullException(nameof(subscriptions));
        _rows = rows ?? throw new ArgumentNullException(nameof(rows));
        _projections = [.. projections ?? []];
        _options = options.Value;
        _metrics = metrics ?? throw new ArgumentNullException(nameof(metrics));
        _clock = clock ?? TimeProvider.System;
        _observers = [.. observers ?? []];
        _logger = logger ?? NullLogger<FeedProcessor>.Instance;
        // Unique per instance even when configured: a lease renewal matches the owner, so two processes sharing a
        // name would otherwise renew each other's leases.
        Owner = $"{(string.IsNullOrWhiteSpace(_options.Owner) ? Environment.MachineName : _options.Owner)}-{Guid.NewGuid().ToString("N")[..8]}";
        if (_projections.Select(p => p.Name).Distinct(StringComparer.Ordinal).Count() != _projections.Count)
        {
            throw new ArgumentException("Two projections share a name.", nameof(projections));
        }
    }

    public string Owner { get; }

    public IReadOnlyList<ProjectionDefinition> Projections => _projections;

    /// <summary>The shards this worker holds now.</summary>
    public IReadOnlyCollection<int> HeldShards => [.. _held.Keys];

    /// <summary>When the latest poll ended, and the largest lag of the events it applied.</summary>
    public (DateTimeOffset LastPollAt, TimeSpan Lag) Status
    {
        get
        {
            lock (_statusLock)
            {
                return (_lastPollAt, _lastLag);
            }
        }
    }

    /// <summary>
    /// Polls until cancelled; pauses only when a poll found nothing new. Gives its shards up when it stops. No exception
    /// escapes (a BackgroundService's exception would stop the whole host): a failing poll is logged, counted and tried
    /// again after a growing pause; a failing stream is handled per stream (see <see cref="PollAsync"/>).
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        LogStarted(Owner, _feed.Shards, _projections.Count);
        var failures = 0;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var applied = 0;
                var pause = _options.PollInterval;
                try
                {
                    applied = await PollAsync(cancellationToken).ConfigureAwait(false);
                    failures = 0;
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    throw;
                }
#pragma warning disable CA1031 // Nothing may stop the host: every failure is logged, counted and retried.
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    failures++;
                    _metrics.Failures.Add(1, new KeyValuePair<string, object?>("projection", "-"));
                    pause = Backoff(failures);
                    LogPollFailed(ex, pause);
                }

                if (applied == 0)
                {
                    await Task.Delay(pause, _clock, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            await ReleaseAllAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// One pass over every shard: take or renew the shards that are free, apply what the feed shows, and move the
    /// checkpoints (after each page). Returns how many events were applied. A stream whose projection fails (a bug, an
    /// unknown event type, a corrupt stream, a store fault) is logged, counted and retried with back-off, while the
    /// shard's other streams go on; the shard's stored checkpoint stays below that stream's entry until it succeeds, so
    /// whoever holds the shard next reads it again.
    /// </summary>
    public async Task<int> PollAsync(CancellationToken cancellationToken = default)
    {
        var applied = 0;
        var lag = TimeSpan.Zero;
        for (var shard = 0; shard < _feed.Shards; shard++)
        {
            var held = await HoldAsync(shard, cancellationToken).ConfigureAwait(false);
            if (held is null)
            {
                continue;
            }

            var (count, shardLag) = await ProcessShardAsync(held, cancellationToken).ConfigureAwait(false);
            applied += count;
            lag = shardLag > lag ? shardLag : lag;
        }

        lock (_statusLock)
        {
            _lastPollAt = _clock.GetUtcNow();
            _lastLag = lag;
        }

        _metrics.ReportPoll(lag.TotalSeconds, applied);
        return applied;
    }

    /// <summary>Streams whose projection failed and waits for a retry, over the shards this worker holds.</summary>
    public int FailingStreams => _held.Values.Sum(h => h.Failing.Count);

    /// <summary>Gives up every shard this worker holds, so others take them at once.</summary>
    public async Task ReleaseAllAsync()
    {
        foreach (var held in _held.Values.ToList())
        {
            try
            {
                await _subscriptions.ReleaseAsync(held.Lease, CancellationToken.None).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // A shard not released expires with its lease.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogReleaseFailed(ex);
            }
        }

        _held.Clear();
    }

    private TimeSpan Backoff(int attempts)
    {
        var factor = Math.Pow(2, Math.Min(attempts - 1, 16));
        var pause = TimeSpan.FromTicks((long)Math.Min(_options.PollInterval.Ticks * factor, _options.MaxRetryDelay.Ticks));
        return pause < _options.PollInterval ? _options.PollInterval : pause;
    }

    private async Task<Held?> HoldAsync(int shard, CancellationToken cancellationToken)
    {
        var now = _clock.GetUtcNow();
        if (_held.TryGetValue(shard, out var held) && held.Lease.ExpiresAt - now > _options.LeaseDuration / 2)
        {
            return held;
        }

        var lease = await _subscriptions.TryAcquireAsync(_options.Subscription, shard, Owner, _options.LeaseDuration, cancellationToken)
            .ConfigureAwait(false);
        if (lease is null)
        {
            if (_held.TryRemove(shard, out _))
            {
                _metrics.LeaseChanges.Add(1, new KeyValuePair<string, object?>("change", "lost"));
                LogLeaseLost(Owner, shard);
            }

            return null;
        }

        if (held is not null && held.Lease.Token == lease.Token)
        {
            held.Lease = held.Lease with { ExpiresAt = lease.ExpiresAt };
            return held;
        }

        // A new hold: what this worker remembered of the shard's rows may be stale now.
        _metrics.LeaseChanges.Add(1, new KeyValuePair<string, object?>("change", "acquired"));
        LogLeaseAcquired(Owner, shard, lease.Checkpoint);
        held = new Held(lease) { LastSweep = now, Position = lease.Checkpoint };
        _held[shard] = held;
        return held;
    }

    private async Task<(int Applied, TimeSpan Lag)> ProcessShardAsync(Held held, CancellationToken cancellationToken)
    {
        var now = _clock.GetUtcNow();
        var started = now;
        var resuming = held.ResumeAfter is not null;
        // Three depths of re-reading: every poll the last PollOverlap (entries a moment late), every OverlapInterval the
        // whole Overlap, every SweepInterval the SweepWindow (the backstop). An entry is read a few times, not
        // Overlap / PollInterval times. Since the position moves on between overlap passes, a pass covers entries up
        // to Overlap - OverlapInterval late (30 s with the defaults).
        var sweep = !resuming && now - held.LastSweep >= _options.SweepInterval;
        var overlap = !resuming && !sweep && (held.LastOverlap is not { } last || now - last >= _options.OverlapInterval);
        var rewind = sweep ? _options.SweepWindow : overlap ? _options.Overlap : Min(_options.PollOverlap, _options.Overlap);
        var after = held.ResumeAfter ?? FeedKeys.Rewind(held.Position, rewind);
        held.ResumeAfter = null;
        var applied = 0;
        var lag = TimeSpan.Zero;

        // Streams that failed before and are due again: retried first, whether or not the feed shows them again.
        foreach (var (stream, failure) in held.Failing.Where(f => f.Value.RetryAt <= now).ToList())
        {
            var (count, streamLag) = await TryCatchUpAsync(held, stream, failure.Shown, failure.Key, cancellationToken).ConfigureAwait(false);
            applied += count;
            lag = streamLag > lag ? streamLag : lag;
        }

        FeedPage page;
        do
        {
            page = await _feed.ReadAsync(held.Lease.Shard, after, _options.BatchSize, cancellationToken).ConfigureAwait(false);
            if (page.Entries.Count == 0)
            {
                break;
            }

            // Per stream, only the highest version shown matters: everything up to the stream's end is read anyway.
            var streams = new Dictionary<StreamId, (long Version, string Key)>();
            var order = new List<StreamId>();
            foreach (var entry in page.Entries)
            {
                if (streams.TryGetValue(entry.Stream, out var seen))
                {
                    streams[entry.Stream] = (Math.Max(seen.Version, entry.Version), string.CompareOrdinal(entry.Key, seen.Key) < 0 ? entry.Key : seen.Key);
                }
                else
                {
                    streams[entry.Stream] = (entry.Version, entry.Key);
                    order.Add(entry.Stream);
                }
            }

            foreach (var stream in order)
            {
                if (!await RenewIfDueAsync(held, cancellationToken).ConfigureAwait(false))
                {
                    return (applied, lag);
                }

                var (shown, key) = streams[stream];
                if (held.Failing.TryGetValue(stream, out var failure))
                {
                    // Not due yet: wait for its back-off; remember the newer version and the lower key.
                    held.Failing[stream] = failure with
                    {
                        Shown = Math.Max(failure.Shown, shown),
                        Key = string.CompareOrdinal(key, failure.Key) < 0 ? key : failure.Key,
                    };
                    continue;
                }

                var (count, streamLag) = await TryCatchUpAsync(held, stream, shown, key, cancellationToken).ConfigureAwait(false);
                applied += count;
                lag = streamLag > lag ? streamLag : lag;
            }

            // The page's highest key, not its last: a feed that shows entries out of order must not send the reader back.
            after = page.Entries.Select(e => e.Key).Max(StringComparer.Ordinal)!;
            if (string.CompareOrdinal(after, held.Position) > 0)
            {
                // Never past this reader's clock: a writer whose clock runs ahead would otherwise carry the checkpoint
                // past the commits of writers with correct clocks. Its entries are simply read again until the time has come.
                var cap = FeedKeys.Floor(_clock.GetUtcNow());
                held.Position = string.CompareOrdinal(after, cap) > 0 ? cap : after;
            }

            // Checkpoint after each page (which renews the lease too), so a long catch-up keeps its lease and its progress.
            if (!await CheckpointAsync(held, cancellationToken).ConfigureAwait(false))
            {
                return (applied, lag);
            }

            // One poll's work on a shard is capped in time; the next poll goes on from the position reached.
            if (page.More && _clock.GetUtcNow() - started >= _options.MaxShardPollTime)
            {
                held.ResumeAfter = after;
                break;
            }
        }
        while (page.More);

        if (sweep)
        {
            held.LastSweep = now;
        }

        if (sweep || overlap)
        {
            // A sweep re-reads more than the overlap does.
            held.LastOverlap = now;
        }

        await CheckpointAsync(held, cancellationToken).ConfigureAwait(false);
        return (applied, lag);
    }

    /// <summary>
    /// Stores the checkpoint: the position reached, but below the lowest entry of any failing stream, so nothing is
    /// skipped by whoever holds the shard next. Writes only when it moved or the lease needs renewing. False when the
    /// lease was lost.
    /// </summary>
    private async Task<bool> CheckpointAsync(Held held, CancellationToken cancellationToken)
    {
        var checkpoint = held.Position;
        foreach (var failure in held.Failing.Values)
        {
            // A proper prefix of a key sorts before it: the stored checkpoint then stays below the failing entry.
            var below = failure.Key[..^1];
            if (string.CompareOrdinal(below, checkpoint) < 0)
            {
                checkpoint = below;
            }
        }

        if (checkpoint == held.Lease.Checkpoint && held.Lease.ExpiresAt - _clock.GetUtcNow() >= _options.LeaseDuration / 2)
        {
            return true;
        }

        if (await _subscriptions.CheckpointAsync(held.Lease, checkpoint, cancellationToken).ConfigureAwait(false))
        {
            held.Lease = held.Lease with { Checkpoint = checkpoint, ExpiresAt = _clock.GetUtcNow() + _options.LeaseDuration };
            return true;
        }

        _held.TryRemove(held.Lease.Shard, out _);
        _metrics.LeaseChanges.Add(1, new KeyValuePair<string, object?>("change", "lost"));
        LogLeaseLost(Owner, held.Lease.Shard);
        return false;
    }

    /// <summary>Renews the lease (by rewriting its checkpoint) when half of it has run out, in the middle of a page.</summary>
    private Task<bool> RenewIfDueAsync(Held held, CancellationToken cancellationToken) =>
        held.Lease.ExpiresAt - _clock.GetUtcNow() < _options.LeaseDuration / 2 ? CheckpointAsync(held, cancellationToken) : Task.FromResult(true);

    /// <summary>Catches one stream up; on any failure records it for a retry with back-off instead of throwing.</summary>
    private async Task<(int Applied, TimeSpan Lag)> TryCatchUpAsync(Held held, StreamId stream, long shown, string key, CancellationToken cancellationToken)
    {
        try
        {
            var result = await CatchUpAsync(held, stream, shown, cancellationToken).ConfigureAwait(false);
            if (held.Failing.Remove(stream, out var was))
            {
                LogStreamRecovered(stream, was.Attempts);
            }

            return result;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // One stream's failure must not stop the others, nor the host: logged, counted, retried.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            var attempts = held.Failing.TryGetValue(stream, out var was) ? was.Attempts + 1 : 1;
            var retryAt = _clock.GetUtcNow() + Backoff(attempts);
            var projection = ex is ProjectionFailedException failed ? failed.Projection : "-";
            held.Failing[stream] = new Failure(
                Math.Max(shown, was?.Shown ?? -1),
                was is not null && string.CompareOrdinal(was.Key, key) < 0 ? was.Key : key,
                attempts,
                retryAt);
            _metrics.Failures.Add(1, new KeyValuePair<string, object?>("projection", projection));
            LogStreamFailed(ex.InnerException ?? ex, stream, projection, attempts, retryAt);
            return (0, TimeSpan.Zero);
        }
    }

    private async Task<(int Applied, TimeSpan Lag)> CatchUpAsync(Held held, StreamId stream, long shown, CancellationToken cancellationToken)
    {
        var applied = 0;
        var lag = TimeSpan.Zero;
        foreach (var projection in _projections)
        {
            if (projection.Category != stream.Category)
            {
                continue;
            }

            try
            {
                var (count, projectionLag) = await CatchUpAsync(held, projection, stream, shown, cancellationToken).ConfigureAwait(false);
                applied += count;
                lag = projectionLag > lag ? projectionLag : lag;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception ex) when (ex is not ProjectionFailedException)
            {
                throw new ProjectionFailedException(projection.Name, ex);
            }
        }

        return (applied, lag);
    }

    private async Task<(int Applied, TimeSpan Lag)> CatchUpAsync(
        Held held, ProjectionDefinition projection, StreamId stream, long shown, CancellationToken cancellationToken)
    {
        var key = (projection.Name, stream);
        if (held.Versions.TryGetValue(key, out var known) && known >= shown)
        {
            _metrics.Redeliveries.Add(1, new KeyValuePair<string, object?>("projection", projection.Name));
            return (0, TimeSpan.Zero);
        }

        // Until the row reaches the version shown: a refused write means another writer moved the row, so read it
        // again. Bounded: a row that keeps being refused is a failure (retried later, the checkpoint held below it).
        for (var round = 0; round < MaxWriteRounds; round++)
        {
            var row = await _rows.GetAsync(projection.Name, stream, cancellationToken).ConfigureAwait(false);
            var from = (row?.Version ?? -1) + 1;
            if (from > shown)
            {
                Remember(held, key, from - 1);
                _metrics.Redeliveries.Add(1, new KeyValuePair<string, object?>("projection", projection.Name));
                return (0, TimeSpan.Zero);
            }

            var events = await ReadFromAsync(stream, from, cancellationToken).ConfigureAwait(false);
            if (events.Count == 0)
            {
                return (0, TimeSpan.Zero);
            }

            var data = row?.Data;
            foreach (var e in events)
            {
                data = projection.Apply(data, e);
            }

            var last = events[^1];
            var next = new ProjectionRow(stream, last.Version, last.Timestamp, (row?.EventsApplied ?? 0) + events.Count, data!);
            if (!await _rows.TryWriteAsync(projection.Name, next, row?.Version ?? -1, cancellationToken).ConfigureAwait(false))
            {
                _metrics.Redeliveries.Add(1, new KeyValuePair<string, object?>("projection", projection.Name));
                continue;
            }

            Remember(held, key, last.Version);
            var lag = TimeSpan.Zero;
            var now = _clock.GetUtcNow();
            foreach (var e in events)
            {
                _metrics.Lag.Record(Math.Max(0, (now - e.Timestamp).TotalSeconds), new KeyValuePair<string, object?>("projection", projection.Name));
                lag = now - e.Timestamp > lag ? now - e.Timestamp : lag;
            }

            _metrics.EventsProjected.Add(events.Count, new KeyValuePair<string, object?>("projection", projection.Name));
            Notify(new ProjectionChange(projection.Name, next, events));
            if (last.Version >= shown)
            {
                return (events.Count, lag);
            }
        }

        throw new InvalidOperationException(
            $"The row of {stream} in projection {projection.Name} did not reach version {shown} after {MaxWriteRounds} conditional writes.");
    }

    private async Task<List<EventEnvelope>> ReadFromAsync(StreamId stream, long from, CancellationToken cancellationToken)
    {
        var events = new List<EventEnvelope>();
        string? token = null;
        do
        {
            var page = await _store.ReadAsync(stream, from, ReadPageSize, token, cancellationToken).ConfigureAwait(false);
            events.AddRange(page.Events);
            token = page.ContinuationToken;
        }
        while (token is not null);

        return events;
    }

    private static void Remember(Held held, (string, StreamId) key, long version)
    {
        if (held.Versions.Count >= MaxCachedVersions)
        {
            held.Versions.Clear();
        }

        held.Versions[key] = version;
    }

    private void Notify(ProjectionChange change)
    {
        foreach (var observer in _observers)
        {
            try
            {
                observer.OnApplied(change);
            }
#pragma warning disable CA1031 // An observer's bug must not stop the projections; it is logged.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogObserverFailed(ex);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Feed processor {Owner} started: {Shards} shards, {Projections} projections")]
    private partial void LogStarted(string owner, int shards, int projections);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Owner} took shard {Shard} at checkpoint '{Checkpoint}'")]
    private partial void LogLeaseAcquired(string owner, int shard, string checkpoint);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Owner} lost shard {Shard}")]
    private partial void LogLeaseLost(string owner, int shard);

    [LoggerMessage(Level = LogLevel.Error, Message = "A feed poll failed; it is tried again in {Pause}")]
    private partial void LogPollFailed(Exception ex, TimeSpan pause);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Releasing a shard failed; its lease expires by itself")]
    private partial void LogReleaseFailed(Exception ex);

    [LoggerMessage(Level = LogLevel.Error, Message = "Projection {Projection} failed on stream {Stream} (attempt {Attempts}); retried at {RetryAt}, the shard's checkpoint stays below it")]
    private partial void LogStreamFailed(Exception ex, StreamId stream, string projection, int attempts, DateTimeOffset retryAt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stream {Stream} projected again after {Attempts} failed attempts")]
    private partial void LogStreamRecovered(StreamId stream, int attempts);

    [LoggerMessage(Level = LogLevel.Error, Message = "A projection observer failed")]
    private partial void LogObserverFailed(Exception ex);

    private sealed record Failure(long Shown, string Key, int Attempts, DateTimeOffset RetryAt);

    /// <summary>Carries the failing projection's name to the log and the metric.</summary>
    private sealed class ProjectionFailedException(string projection, Exception inner)
        : Exception($"Projection {projection} failed.", inner)
    {
        public string Projection { get; } = projection;
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private sealed class Held(SubscriptionLease lease)
    {
        public SubscriptionLease Lease { get; set; } = lease;

        public DateTimeOffset LastSweep { get; set; }

        /// <summary>When a poll last re-read the whole overlap; null until the first poll of this hold, which does.</summary>
        public DateTimeOffset? LastOverlap { get; set; }

        /// <summary>How far this worker has read (in memory); the stored checkpoint may stay behind it for failing streams.</summary>
        public string Position { get; set; } = lease.Checkpoint;

        public Dictionary<StreamId, Failure> Failing { get; } = [];

        /// <summary>Where the next poll goes on when the last one stopped at its time cap with pages left.</summary>
        public string? ResumeAfter { get; set; }

        public Dictionary<(string Projection, StreamId Stream), long> Versions { get; } = [];
    }
}
