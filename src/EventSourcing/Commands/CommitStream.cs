namespace EventSourcing;

/// <summary>
/// One stream taking part in a command that writes several streams at once (possibly of different aggregates). The
/// command path loads it, hands its state to the decision, and appends what the decision wrote to it in one atomic
/// commit with the others. <see cref="ExpectedVersion"/> pins it: any other version is a conflict, never retried.
/// </summary>
public abstract class CommitStream
{
    private protected CommitStream(StreamId streamId, long? expectedVersion)
    {
        StreamId = streamId;
        ExpectedVersion = expectedVersion;
    }

    public StreamId StreamId { get; }

    public long? ExpectedVersion { get; }

    /// <summary>The loaded version (-1: no such stream). Valid once the command path has loaded it.</summary>
    public abstract long Version { get; }

    public bool Exists => Version > EventSourcing.ExpectedVersion.NoStreamVersion;

    internal abstract Task LoadAsync(CancellationToken cancellationToken);

    /// <summary>Folds a conflict's winning events when they run on from the loaded version; false if a read is needed.</summary>
    internal abstract bool TryFold(StreamConflict conflict);

    internal abstract IEnumerable<RememberedCommand> Candidates(Guid commandId);

    internal abstract EventData Encode(object @event, Guid eventId, DateTimeOffset timestamp, EventMetadata metadata);

    internal abstract bool IsSnapshotDue(long lastVersion);

    internal abstract Task SnapshotOrFlagAsync(ISnapshotSchedule schedule, long firstVersion, IReadOnlyList<EventData> events);

    internal abstract IEventStore Store { get; }

    internal abstract EventSourcingOptions Options { get; }

    internal abstract string Category { get; }
}

/// <summary>A stream of one aggregate in a multi-stream command; <see cref="State"/> is what the decision reads.</summary>
public sealed class CommitStream<TState, TEvent> : CommitStream
    where TState : notnull
    where TEvent : notnull
{
    private readonly AggregateStreams<TState, TEvent> _streams;
    private readonly string _id;
    private AggregateStream<TState>? _loaded;

    public CommitStream(AggregateStreams<TState, TEvent> streams, string id, long? expectedVersion = null)
        : base((streams ?? throw new ArgumentNullException(nameof(streams))).StreamIdFor(id), expectedVersion)
    {
        _streams = streams;
        _id = id;
    }

    public string Id => _id;

    public TState State => Loaded.State;

    public override long Version => Loaded.Version;

    internal override IEventStore Store => _streams.Store;

    internal override EventSourcingOptions Options => _streams.Options;

    internal override string Category => _streams.Category;

    private AggregateStream<TState> Loaded => _loaded ?? throw new InvalidOperationException($"{StreamId} is not loaded yet.");

    /// <summary>What the decision writes to this stream (nothing is written to it when the list is empty).</summary>
    public StreamWrite Write(IReadOnlyList<TEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        return new StreamWrite(this, [.. events.Cast<object>()]);
    }

    internal override async Task LoadAsync(CancellationToken cancellationToken) =>
        _loaded = await _streams.LoadAsync(_id, cancellationToken).ConfigureAwait(false);

    internal override bool TryFold(StreamConflict conflict)
    {
        var stream = Loaded;
        var events = conflict.CommittedEvents;
        if (events.Count == 0
            || events[0].Version != stream.Version + 1
            || events[^1].Version != conflict.ActualVersion
            || events.Count != conflict.ActualVersion - stream.Version)
        {
            return false;
        }

        _loaded = _streams.Fold(stream, events);
        return true;
    }

    internal override IEnumerable<RememberedCommand> Candidates(Guid commandId) => Loaded.Candidates(commandId);

    internal override EventData Encode(object @event, Guid eventId, DateTimeOffset timestamp, EventMetadata metadata) =>
        _streams.Registry.Encode(@event, eventId, timestamp, metadata);

    internal override bool IsSnapshotDue(long lastVersion) => _streams.IsSnapshotDue(Loaded.Version, lastVersion, Loaded.SnapshotVersion);

    internal override async Task SnapshotOrFlagAsync(ISnapshotSchedule schedule, long firstVersion, IReadOnlyList<EventData> events)
    {
        var after = _streams.Fold(
            Loaded,
            [.. events.Select((e, i) => new EventEnvelope(e.EventId, StreamId, firstVersion + i, e.Type, e.SchemaVersion, e.Timestamp, e.Payload, e.Metadata))]);
        if (_streams.Options.SnapshotOnCommandPath)
        {
            await _streams.WriteSnapshotAsync(after, CancellationToken.None).ConfigureAwait(false);
        }
        else
        {
            await schedule.FlagAsync(after.StreamId, after.Version, CancellationToken.None).ConfigureAwait(false);
        }
    }
}

/// <summary>The events a multi-stream decision writes to one of its streams.</summary>
public sealed record StreamWrite(CommitStream Stream, IReadOnlyList<object> Events);

/// <summary>What a multi-stream decision came to: the writes to append together, or why not.</summary>
public sealed class MultiStreamDecision
{
    private MultiStreamDecision(IReadOnlyList<StreamWrite> writes, Error? error)
    {
        Writes = writes;
        Error = error;
    }

    public IReadOnlyList<StreamWrite> Writes { get; }

    public Error? Error { get; }

    public static MultiStreamDecision Accept(params StreamWrite[] writes) => new(writes ?? throw new ArgumentNullException(nameof(writes)), null);

    public static MultiStreamDecision Accept(IEnumerable<StreamWrite> writes) => new([.. writes ?? throw new ArgumentNullException(nameof(writes))], null);

    public static MultiStreamDecision NotFound(string resource, string id) => new([], new NotFoundError(resource, id));

    public static MultiStreamDecision BreaksRule(string code, string message) => new([], new RuleBrokenError(code, message));
}

/// <summary>What every multi-stream command carries besides its own data.</summary>
public interface IMultiStreamCommand
{
    /// <summary>Identifies the request across retries; it goes on every stream's events. Null: a fresh id.</summary>
    Guid? CommandId { get; }

    Guid? CorrelationId { get; }
}

/// <summary>A committed multi-stream command: every stream of the command and its version afterwards.</summary>
public sealed record MultiCommandResult(IReadOnlyList<StreamVersion> Streams)
{
    public long VersionOf(StreamId stream) => Streams.First(s => s.Stream == stream).Version;
}

public sealed record StreamVersion(StreamId Stream, long Version);
