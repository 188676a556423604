using System.Collections.Concurrent;
using EventSourcing;

namespace Adapters.InMemory;

/// <summary>
/// The event store in process memory, with the DynamoDB adapter's semantics: optimistic concurrency per
/// stream, atomic commits, a conflict that reports the commit that won (and its first event), duplicate
/// command detection at the expected position, paging, snapshots that never go backwards, and listing by category.
/// Thread-safe. Nothing survives the process.
/// </summary>
public sealed class InMemoryEventStore : IEventStore, IEventFeed
{
    private readonly ConcurrentDictionary<StreamId, StreamData> _streams = new();
    private readonly InMemoryFeed _feed;

    public InMemoryEventStore(int feedShards = 4)
    {
        _feed = new InMemoryFeed(feedShards);
    }

    public int Shards => _feed.Shards;

    public Task<FeedPage> ReadAsync(int shard, string after, int maxCount, CancellationToken cancellationToken = default) =>
        _feed.ReadAsync(shard, after, maxCount, cancellationToken);

    public Task<AppendResult> AppendAsync(
        StreamId stream, ExpectedVersion expected, IReadOnlyList<EventData> events, CancellationToken cancellationToken = default)
    {
        CommitRules.Validate(events);
        cancellationToken.ThrowIfCancellationRequested();
        var data = _streams.GetOrAdd(stream, _ => new StreamData());
        lock (data)
        {
            var head = data.Events.Count - 1L;
            if (expected.Value != head)
            {
                return Task.FromResult(Conflict(expected, data, head, events[0].Metadata.CommandId));
            }

            var first = head + 1;
            for (var i = 0; i < events.Count; i++)
            {
                var e = events[i];
                data.Events.Add(new StoredEvent(
                    new EventEnvelope(e.EventId, stream, first + i, e.Type, e.SchemaVersion, e.Timestamp, e.Payload, e.Metadata),
                    first + events.Count - 1));
            }

            _feed.Add(stream, first, events);

            return Task.FromResult<AppendResult>(new AppendResult.Appended(first, first + events.Count - 1));
        }
    }

    public Task<MultiAppendResult> AppendAsync(IReadOnlyList<StreamAppend> commit, CancellationToken cancellationToken = default)
    {
        CommitRules.Validate(commit);
        cancellationToken.ThrowIfCancellationRequested();

        // Every involved stream is locked, always in ordinal stream-id order, so that two commits over overlapping
        // streams cannot deadlock, and the checks and the writes see one moment of all of them.
        var locked = commit
            .Select(part => (Part: part, Data: _streams.GetOrAdd(part.Stream, _ => new StreamData())))
            .OrderBy(x => x.Part.Stream.ToString(), StringComparer.Ordinal)
            .ToList();
        var taken = 0;
        try
        {
            foreach (var (_, data) in locked)
            {
                Monitor.Enter(data);
                taken++;
            }

            return Task.FromResult(AppendLocked(commit, locked.ToDictionary(x => x.Part.Stream, x => x.Data)));
        }
        finally
        {
            for (var i = taken - 1; i >= 0; i--)
            {
                Monitor.Exit(locked[i].Data);
            }
        }
    }

    public Task<EventPage> ReadAsync(
        StreamId stream, long fromVersion, int maxCount, string? continuationToken = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(fromVersion, 0);
        cancellationToken.ThrowIfCancellationRequested();
        var from = continuationToken is null ? fromVersion : ContinuationTokens.ReadVersion(continuationToken, stream);
        if (!_streams.TryGetValue(stream, out var data))
        {
            return Task.FromResult(new EventPage([], null));
        }

        lock (data)
        {
            // Like the DynamoDB adapter, which reads one event past the page: a hole there is seen too.
            var start = (int)Math.Min(from, int.MaxValue);
            EnsureContiguous(stream, data, start, (int)Math.Min((long)start + maxCount + 1, data.Events.Count));
            var page = data.Events.Skip(start).Take(maxCount).Select(s => s!.Envelope).ToList();
            var next = page.Count > 0 ? page[^1].Version + 1 : from;
            var more = next < data.Events.Count;
            return Task.FromResult(new EventPage(page, more ? ContinuationTokens.ForVersion(stream, next) : null));
        }
    }

    public Task<LoadedStream> LoadAsync(StreamId stream, int snapshotSchemaVersion, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (!_streams.TryGetValue(stream, out var data))
        {
            return Task.FromResult(new LoadedStream(stream, ExpectedVersion.NoStreamVersion, null, []));
        }

        lock (data)
        {
            var snapshot = data.Snapshot is { } s && s.SchemaVersion == snapshotSchemaVersion ? s : null;
            var from = snapshot is null ? 0 : (int)snapshot.Version;
            EnsureContiguous(stream, data, from, data.Events.Count);
            var head = data.Events.Count - 1L;
            if (data.Snapshot is { } stored && head < stored.Version)
            {
                throw new StreamCorruptedException(stream, $"its snapshot is at version {stored.Version}, but its events end at {head}");
            }

            var events = data.Events.Skip(from + (snapshot is null ? 0 : 1)).Select(e => e!.Envelope).ToList();
            return Task.FromResult(new LoadedStream(stream, head, snapshot, events));
        }
    }

    public Task<bool> WriteSnapshotAsync(StreamId stream, Snapshot snapshot, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        cancellationToken.ThrowIfCancellationRequested();
        var data = _streams.GetOrAdd(stream, _ => new StreamData());
        lock (data)
        {
            if (snapshot.Version >= data.Events.Count || snapshot.Version < 0 || data.Events[(int)snapshot.Version] is null)
            {
                throw new ArgumentOutOfRangeException(nameof(snapshot), snapshot.Version, $"{stream} has no event at that version.");
            }

            if (data.Snapshot is { } existing && existing.Version >= snapshot.Version)
            {
                return Task.FromResult(false);
            }

            data.Snapshot = snapshot;
            return Task.FromResult(true);
        }
    }

    public Task<StreamPage> ListStreamsAsync(
        string category, int pageSize, string? continuationToken = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(category);
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        cancellationToken.ThrowIfCancellationRequested();
        var after = continuationToken is null ? null : ContinuationTokens.ReadStreamId(continuationToken, category);
        var candidates = _streams
            .Where(kv => kv.Key.Category == category && (after is null || string.CompareOrdinal(kv.Key.ToString(), after) > 0))
            .OrderBy(kv => kv.Key.ToString(), StringComparer.Ordinal);
        var page = new List<EventEnvelope>(pageSize);
        var more = false;
        foreach (var (_, data) in candidates)
        {
            EventEnvelope? first;
            lock (data)
            {
                first = data.Events.Count > 0 ? data.Events[0]?.Envelope : null;
            }

            if (first is null)
            {
                continue;
            }

            if (page.Count == pageSize)
            {
                more = true;
                break;
            }

            page.Add(first);
        }

        var token = more ? ContinuationTokens.ForStreamId(category, page[^1].StreamId.ToString()) : null;
        return Task.FromResult(new StreamPage(page, token));
    }

    /// <summary>
    /// Test support: deletes one event as an operator could by hand (on DynamoDB, a DeleteItem), leaving a hole that
    /// loads and reads must report. Deleting the last events just shortens the stream.
    /// </summary>
    internal void DeleteEventOutOfBand(StreamId stream, long version)
    {
        if (!_streams.TryGetValue(stream, out var data))
        {
            return;
        }

        lock (data)
        {
            if (version >= 0 && version < data.Events.Count)
            {
                data.Events[(int)version] = null;
            }

            while (data.Events.Count > 0 && data.Events[^1] is null)
            {
                data.Events.RemoveAt(data.Events.Count - 1);
            }
        }
    }

    /// <summary>Slots [from, to) must all hold events: the DynamoDB adapter sees a hole as a jump in the versions it reads.</summary>
    private static void EnsureContiguous(StreamId stream, StreamData data, int from, int to)
    {
        for (var i = from; i < to; i++)
        {
            if (data.Events[i] is null)
            {
                var next = data.Events.FindIndex(i, e => e is not null);
                throw new StreamCorruptedException(
                    stream,
                    i == from ? $"there is no event at version {from}, but there is one at {next}" : $"its versions jump from {i - 1} to {next}");
            }
        }
    }

    private MultiAppendResult AppendLocked(IReadOnlyList<StreamAppend> commit, Dictionary<StreamId, StreamData> streams)
    {
        var commandId = commit[0].Events[0].Metadata.CommandId;
        var conflicts = new List<StreamConflict>();
        var done = new List<StreamVersions>();
        foreach (var part in commit)
        {
            var data = streams[part.Stream];
            var head = data.Events.Count - 1L;
            if (part.Expected.Value == head)
            {
                continue;
            }

            // The same reading of each stream as a single-stream append makes.
            switch (Conflict(part.Expected, data, head, commandId))
            {
                case AppendResult.AlreadyApplied ours:
                    done.Add(new StreamVersions(part.Stream, ours.FirstVersion, ours.LastVersion));
                    break;
                case AppendResult.Conflict conflict:
                    conflicts.Add(new StreamConflict(part.Stream, part.Expected, conflict.ActualVersion, conflict.CommittedEvents));
                    break;
            }
        }

        if (done.Count == commit.Count)
        {
            return new MultiAppendResult.AlreadyApplied(done);
        }

        if (conflicts.Count > 0 || done.Count > 0)
        {
            // A stream holding this command's events while another does not was never written by this commit (commits
            // are atomic): the command id was reused elsewhere. That stream is off its expected version too.
            conflicts.AddRange(done.Select(d => new StreamConflict(
                d.Stream,
                commit.First(p => p.Stream == d.Stream).Expected,
                d.LastVersion,
                [streams[d.Stream].Events[(int)d.FirstVersion]!.Envelope])));
            var order = commit.Select((p, i) => (p.Stream, i)).ToDictionary(x => x.Stream, x => x.i);
            return new MultiAppendResult.Conflict(conflicts.OrderBy(c => order[c.Stream]).ToList());
        }

        var appended = new List<StreamVersions>(commit.Count);
        foreach (var part in commit)
        {
            var data = streams[part.Stream];
            var first = data.Events.Count;
            var last = first + part.Events.Count - 1L;
            for (var i = 0; i < part.Events.Count; i++)
            {
                var e = part.Events[i];
                data.Events.Add(new StoredEvent(
                    new EventEnvelope(e.EventId, part.Stream, first + i, e.Type, e.SchemaVersion, e.Timestamp, e.Payload, e.Metadata),
                    last));
            }

            _feed.Add(part.Stream, first, part.Events);
            appended.Add(new StreamVersions(part.Stream, first, last));
        }

        return new MultiAppendResult.Appended(appended);
    }

    private static AppendResult Conflict(ExpectedVersion expected, StreamData data, long head, Guid commandId)
    {
        if (expected.Value > head)
        {
            // Nothing is stored at the expected position: the caller is ahead of the stream.
            return new AppendResult.Conflict(expected, head, []);
        }

        // Like a conditional write on the item after the expected version: we see that event and its commit's end.
        if (data.Events[(int)(expected.Value + 1)] is not { } next)
        {
            // A hole left by a deletion by hand: refuse rather than fill it.
            return new AppendResult.Conflict(expected, head, []);
        }

        if (next.Envelope.Metadata.CommandId == commandId)
        {
            var first = next.Envelope.Version;
            return new AppendResult.AlreadyApplied(first, next.CommitLastVersion, next.Envelope);
        }

        return new AppendResult.Conflict(expected, next.CommitLastVersion, [next.Envelope]);
    }

    private sealed class StreamData
    {
        /// <summary>Indexed by version. The last slot always holds an event; a null slot is a hole deleted by hand.</summary>
        public List<StoredEvent?> Events { get; } = [];

        public Snapshot? Snapshot { get; set; }
    }

    private sealed record StoredEvent(EventEnvelope Envelope, long CommitLastVersion);
}
