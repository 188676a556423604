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
        Owner = string.IsNullOrWhiteSpace(_options.Owner) ? $"{Environment.MachineName}-{Guid.NewGuid().ToString("N")[..8]}" : _options.Owner;
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

    /// <summary>Polls until cancelled; pauses only when a poll found nothing new. Gives its shards up when it stops.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        LogStarted(Owner, _feed.Shards, _projections.Count);
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var applied = 0;
                try
                {
                    applied = await PollAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (EventStoreUnavailableException ex)
                {
                    LogPollFailed(ex);
                }

                if (applied == 0)
                {
                    await Task.Delay(_options.PollInterval, _clock, cancellationToken).ConfigureAwait(false);
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
    /// checkpoints. Returns how many events were applied.
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

    /// <summary>Gives up every shard this worker holds, so others take them at once.</summary>
    public async Task ReleaseAllAsync()
    {
        foreach (var held in _held.Values.ToList())
        {
            try
            {
                await _subscriptions.ReleaseAsync(held.Lease, CancellationToken.None).ConfigureAwait(false);
            }
            catch (EventStoreUnavailableException ex)
            {
                LogPollFailed(ex);
            }
        }

        _held.Clear();
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
            held.Lease = lease;
            return held;
        }

        // A new hold: what this worker remembered of the shard's rows may be stale now.
        _metrics.LeaseChanges.Add(1, new KeyValuePair<string, object?>("change", "acquired"));
        LogLeaseAcquired(Owner, shard, lease.Checkpoint);
        held = new Held(lease) { LastSweep = now };
        _held[shard] = held;
        return held;
    }

    private async Task<(int Applied, TimeSpan Lag)> ProcessShardAsync(Held held, CancellationToken cancellationToken)
    {
        var now = _clock.GetUtcNow();
        var sweep = now - held.LastSweep >= _options.SweepInterval;
        var after = FeedKeys.Rewind(held.Lease.Checkpoint, sweep ? _options.SweepWindow : _options.Overlap);
        var newest = held.Lease.Checkpoint;
        var applied = 0;
        var lag = TimeSpan.Zero;
        FeedPage page;
        do
        {
            page = await _feed.ReadAsync(held.Lease.Shard, after, _options.BatchSize, cancellationToken).ConfigureAwait(false);
            if (page.Entries.Count == 0)
            {
                break;
            }

            // Per stream, only the highest version shown matters: everything up to the stream's end is read anyway.
            var streams = new Dictionary<StreamId, long>();
            var order = new List<StreamId>();
            foreach (var entry in page.Entries)
            {
                if (streams.TryGetValue(entry.Stream, out var seen))
                {
                    streams[entry.Stream] = Math.Max(seen, entry.Version);
                }
                else
                {
                    streams[entry.Stream] = entry.Version;
                    order.Add(entry.Stream);
                }
            }

            foreach (var stream in order)
            {
                var (count, streamLag) = await CatchUpAsync(held, stream, streams[stream], cancellationToken).ConfigureAwait(false);
                applied += count;
                lag = streamLag > lag ? streamLag : lag;
            }

            // The page's highest key, not its last: a feed that shows entries out of order must not send the reader back.
            after = page.Entries.Select(e => e.Key).Max(StringComparer.Ordinal)!;
            if (string.CompareOrdinal(after, newest) > 0)
            {
                newest = after;
            }
        }
        while (page.More);

        if (sweep)
        {
            held.LastSweep = now;
        }

        // Never past this reader's clock: a writer whose clock runs ahead would otherwise carry the checkpoint past
        // the commits of writers with correct clocks. Its entries are simply read again until the time has come.
        var cap = FeedKeys.Floor(now);
        if (string.CompareOrdinal(newest, cap) > 0)
        {
            newest = cap;
        }

        if (newest != held.Lease.Checkpoint || held.Lease.ExpiresAt - _clock.GetUtcNow() < _options.LeaseDuration / 2)
        {
            if (await _subscriptions.CheckpointAsync(held.Lease, newest, cancellationToken).ConfigureAwait(false))
            {
                held.Lease = held.Lease with { Checkpoint = newest, ExpiresAt = _clock.GetUtcNow() + _options.LeaseDuration };
            }
            else
            {
                _held.TryRemove(held.Lease.Shard, out _);
                _metrics.LeaseChanges.Add(1, new KeyValuePair<string, object?>("change", "lost"));
                LogLeaseLost(Owner, held.Lease.Shard);
            }
        }

        return (applied, lag);
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

            var key = (projection.Name, stream);
            if (held.Versions.TryGetValue(key, out var known) && known >= shown)
            {
                _metrics.Redeliveries.Add(1, new KeyValuePair<string, object?>("projection", projection.Name));
                continue;
            }

            // At most two rounds: a refused write means another writer moved the row, so read it again once.
            for (var round = 0; round < 2; round++)
            {
                var row = await _rows.GetAsync(projection.Name, stream, cancellationToken).ConfigureAwait(false);
                var from = (row?.Version ?? -1) + 1;
                if (from > shown)
                {
                    Remember(held, key, from - 1);
                    _metrics.Redeliveries.Add(1, new KeyValuePair<string, object?>("projection", projection.Name));
                    break;
                }

                var events = await ReadFromAsync(stream, from, cancellationToken).ConfigureAwait(false);
                if (events.Count == 0)
                {
                    break;
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
                applied += events.Count;
                var now = _clock.GetUtcNow();
                foreach (var e in events)
                {
                    _metrics.Lag.Record(Math.Max(0, (now - e.Timestamp).TotalSeconds), new KeyValuePair<string, object?>("projection", projection.Name));
                    lag = now - e.Timestamp > lag ? now - e.Timestamp : lag;
                }

                _metrics.EventsProjected.Add(events.Count, new KeyValuePair<string, object?>("projection", projection.Name));
                Notify(new ProjectionChange(projection.Name, next, events));
                break;
            }
        }

        return (applied, lag);
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "A feed poll failed; it is tried again")]
    private partial void LogPollFailed(Exception ex);

    [LoggerMessage(Level = LogLevel.Error, Message = "A projection observer failed")]
    private partial void LogObserverFailed(Exception ex);

    private sealed class Held(SubscriptionLease lease)
    {
        public SubscriptionLease Lease { get; set; } = lease;

        public DateTimeOffset LastSweep { get; set; }

        public Dictionary<(string Projection, StreamId Stream), long> Versions { get; } = [];
    }
}
