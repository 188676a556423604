using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EventSourcing;

/// <summary>
/// A stream as loaded: its version, its folded state, the commands it remembers and its newest snapshot's version.
/// <see cref="ForgottenKeyedUpTo"/> is the newest time of a caller-keyed command that was forgotten (null: none); every
/// keyed command after it is among <see cref="RecentCommands"/>.
/// </summary>
public sealed record AggregateStream<TState>(
    StreamId StreamId,
    long Version,
    TState State,
    IReadOnlyList<RememberedCommand> RecentCommands,
    long SnapshotVersion,
    DateTimeOffset? ForgottenKeyedUpTo = null)
{
    public bool Exists => Version > ExpectedVersion.NoStreamVersion;

    /// <summary>The remembered commands that may be <paramref name="commandId"/>, newest first.</summary>
    public IEnumerable<RememberedCommand> Candidates(Guid commandId)
    {
        var hash = RememberedCommand.HashOf(commandId);
        for (var i = RecentCommands.Count - 1; i >= 0; i--)
        {
            if (RecentCommands[i].MayBe(commandId, hash))
            {
                yield return RecentCommands[i];
            }
        }
    }
}

/// <summary>Refreshes the snapshots of one category; the snapshot job holds one per registered aggregate.</summary>
public interface ISnapshotRefresher
{
    string Category { get; }

    /// <summary>Loads the stream and writes a snapshot if at least K events have come since the last one.</summary>
    Task<SnapshotRefresh> RefreshAsync(string id, CancellationToken cancellationToken = default);
}

/// <summary>What a refresh found: the stream's version (-1: no such stream) and whether a snapshot was written.</summary>
public sealed record SnapshotRefresh(StreamId StreamId, long Version, bool Written)
{
    public bool Exists => Version > ExpectedVersion.NoStreamVersion;
}

/// <summary>
/// Loads an aggregate's streams (snapshot plus tail), folds events, and writes snapshots. The snapshot payload is the
/// aggregate's own state (its codec) wrapped with the remembered commands (this class's business).
/// </summary>
public sealed partial class AggregateStreams<TState, TEvent> : ISnapshotRefresher
    where TState : notnull
    where TEvent : notnull
{
    private readonly IEventStore _store;
    private readonly EventTypeRegistry _registry;
    private readonly EventSourcingOptions _options;
    private readonly TimeProvider _clock;
    private readonly EventSourcingMetrics _metrics;
    private readonly ILogger _logger;

    public AggregateStreams(
        AggregateDefinition<TState, TEvent> definition,
        IEventStore store,
        EventTypeRegistry registry,
        IOptions<EventSourcingOptions> options,
        TimeProvider clock,
        EventSourcingMetrics metrics,
        ILogger<AggregateStreams<TState, TEvent>> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        Definition = definition ?? throw new ArgumentNullException(nameof(definition));
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _registry = registry ?? throw new ArgumentNullException(nameof(registry));
        _options = options.Value;
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
        _metrics = metrics ?? throw new ArgumentNullException(nameof(metrics));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    public AggregateDefinition<TState, TEvent> Definition { get; }

    public string Category => Definition.Category;

    public IEventStore Store => _store;

    public EventTypeRegistry Registry => _registry;

    public EventSourcingOptions Options => _options;

    /// <summary>The schema number stored with snapshots: the wrapper's format and the aggregate's state schema together.</summary>
    public int SnapshotSchemaVersion => AggregateSnapshots.SchemaOf(Definition.Snapshots);

    public StreamId StreamIdFor(string id) => Definition.StreamIdFor(id);

    public async Task<AggregateStream<TState>> LoadAsync(string id, CancellationToken cancellationToken = default)
    {
        var streamId = StreamIdFor(id);
        var loaded = await _store.LoadAsync(streamId, SnapshotSchemaVersion, cancellationToken).ConfigureAwait(false);
        var start = new AggregateStream<TState>(streamId, ExpectedVersion.NoStreamVersion, Definition.Initial, [], ExpectedVersion.NoStreamVersion);
        if (loaded.Snapshot is { } snapshot && snapshot.SchemaVersion == SnapshotSchemaVersion)
        {
            try
            {
                var (state, recent, forgotten) = ReadSnapshot(snapshot);
                start = new AggregateStream<TState>(streamId, snapshot.Version, state, recent, snapshot.Version, forgotten);
            }
            catch (Exception ex) when (ex is FormatException or JsonException or ArgumentException or KeyNotFoundException or InvalidOperationException)
            {
                // A snapshot is only a cache: one that cannot be read must not block the stream. Rebuild from the events
                // (schema 0 is never a snapshot's, so the store returns them all); the next snapshot replaces it.
                LogUnreadableSnapshot(ex, streamId, snapshot.Version);
                loaded = await _store.LoadAsync(streamId, 0, cancellationToken).ConfigureAwait(false);
            }
        }

        return Fold(start, loaded.Events);
    }

    /// <summary>Decodes an event of this aggregate.</summary>
    public TEvent Decode(EventEnvelope envelope) => (TEvent)_registry.Decode(envelope);

    public AggregateStream<TState> Fold(AggregateStream<TState> stream, IReadOnlyList<EventEnvelope> events)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 0)
        {
            return stream;
        }

        var state = stream.State;
        var recent = stream.RecentCommands.ToList();
        var version = stream.Version;
        foreach (var envelope in events)
        {
            if (envelope.Version != version + 1)
            {
                throw new StreamCorruptedException(stream.StreamId, $"its events jump from version {version} to {envelope.Version}");
            }

            state = Definition.Evolve(state, Decode(envelope));
            version = envelope.Version;
            var commandId = envelope.Metadata.CommandId;
            if (recent.Count > 0 && recent[^1].CommandId == commandId)
            {
                recent[^1] = recent[^1] with { LastVersion = version };
            }
            else
            {
                recent.Add(RememberedCommand.Of(commandId, version, version, envelope.Timestamp, envelope.Metadata.Fingerprint));
            }
        }

        var forgotten = Forget(recent, stream.ForgottenKeyedUpTo);
        return stream with { Version = version, State = state, RecentCommands = recent, ForgottenKeyedUpTo = forgotten };
    }

    /// <summary>
    /// Keeps the last N commands, and older ones only while a caller could still repeat them: keyed commands inside the
    /// window (measured from the newest command's time), up to the cap. Returns the newest time of a keyed command
    /// let go, so that the command path knows when its memory no longer covers the window.
    /// </summary>
    private DateTimeOffset? Forget(List<RememberedCommand> recent, DateTimeOffset? forgotten)
    {
        var lastN = Math.Max(1, _options.RememberedCommands);
        if (recent.Count <= lastN)
        {
            return forgotten;
        }

        var horizon = recent[^1].Timestamp - _options.IdempotencyWindow - _options.ClockSkewAllowance;
        var older = recent.Count - lastN;
        var kept = new List<RememberedCommand>(older);
        for (var i = 0; i < older; i++)
        {
            var c = recent[i];
            if (c.Keyed && c.Timestamp >= horizon)
            {
                kept.Add(c);
            }
            else if (c.Keyed)
            {
                forgotten = Later(forgotten, c.Timestamp);
            }
        }

        // Past the cap the oldest keyed commands go too; a repeat of one is then found by reading back (rare, and slow).
        var over = kept.Count - Math.Max(0, _options.MaxRememberedKeyedCommands);
        for (var i = 0; i < over; i++)
        {
            forgotten = Later(forgotten, kept[i].Timestamp);
        }

        recent.RemoveRange(0, older);
        recent.InsertRange(0, over > 0 ? kept.Skip(over) : kept);
        return forgotten;
    }

    private static DateTimeOffset Later(DateTimeOffset? a, DateTimeOffset b) => a is { } x && x > b ? x : b;

    /// <summary>
    /// True when a commit from <paramref name="before"/> to <paramref name="after"/> took the stream across a multiple
    /// of K events past its newest snapshot: the moment to snapshot it, or to flag it for the job. Counting from the
    /// snapshot keeps a job that lags behind from letting loads grow past K events.
    /// </summary>
    public bool IsSnapshotDue(long before, long after, long snapshotVersion)
    {
        var k = _options.SnapshotInterval;
        return k > 0 && (after - snapshotVersion) / k > (before - snapshotVersion) / k;
    }

    /// <summary>True when the stream has at least K events past its newest snapshot.</summary>
    public bool IsSnapshotStale(AggregateStream<TState> stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var k = _options.SnapshotInterval;
        return k > 0 && stream.Version - stream.SnapshotVersion >= k;
    }

    public async Task<bool> WriteSnapshotAsync(AggregateStream<TState> stream, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var payload = WriteSnapshot(stream);
        var written = await _store.WriteSnapshotAsync(
            stream.StreamId,
            new Snapshot(stream.Version, SnapshotSchemaVersion, _clock.GetUtcNow(), payload),
            cancellationToken).ConfigureAwait(false);
        if (written)
        {
            _metrics.SnapshotsWritten.Add(1, new KeyValuePair<string, object?>("category", Category));
            LogSnapshotWritten(stream.StreamId, stream.Version);
        }

        return written;
    }

    public async Task<SnapshotRefresh> RefreshAsync(string id, CancellationToken cancellationToken = default)
    {
        var stream = await LoadAsync(id, cancellationToken).ConfigureAwait(false);
        if (!stream.Exists)
        {
            return new SnapshotRefresh(stream.StreamId, stream.Version, Written: false);
        }

        var written = IsSnapshotStale(stream) && await WriteSnapshotAsync(stream, cancellationToken).ConfigureAwait(false);
        return new SnapshotRefresh(stream.StreamId, stream.Version, written);
    }

    public string WriteSnapshot(AggregateStream<TState> stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return AggregateSnapshots.Write(Definition.Snapshots, stream.Version, stream.State, stream.RecentCommands, stream.ForgottenKeyedUpTo);
    }

    public (TState State, IReadOnlyList<RememberedCommand> RecentCommands, DateTimeOffset? ForgottenKeyedUpTo) ReadSnapshot(Snapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return AggregateSnapshots.Read(Definition.Snapshots, snapshot.Version, snapshot.Payload);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The snapshot of {StreamId} at version {Version} cannot be read; rebuilding from the events")]
    private partial void LogUnreadableSnapshot(Exception exception, StreamId streamId, long version);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Wrote the snapshot of {StreamId} at version {Version}")]
    private partial void LogSnapshotWritten(StreamId streamId, long version);
}

/// <summary>
/// The snapshot payload every aggregate shares: {"state": the aggregate's codec JSON, "newest": unix seconds,
/// "commands": the packed remembered commands, "forgotten": unix seconds of the newest keyed command let go, if any}. Public so that tools which seed or inspect stores (benchmarks,
/// imports) write exactly what the command path reads.
/// </summary>
public static class AggregateSnapshots
{
    /// <summary>Bumped when the wrapper (not an aggregate's state) changes shape; part of the stored schema number.</summary>
    public const int WrapperFormat = 3;

    /// <summary>The schema number stored with snapshots: the wrapper's format and the aggregate's state schema together.</summary>
    public static int SchemaOf<TState>(SnapshotCodec<TState> codec)
    {
        ArgumentNullException.ThrowIfNull(codec);

        // The state's schema takes the last four digits, so it must stay below 10,000 to never meet another wrapper's.
        ArgumentOutOfRangeException.ThrowIfNotEqual(codec.SchemaVersion is >= 1 and < 10_000, true, nameof(codec));
        return (WrapperFormat * 10_000) + codec.SchemaVersion;
    }

    public static string Write<TState>(
        SnapshotCodec<TState> codec, long version, TState state, IReadOnlyList<RememberedCommand> commands, DateTimeOffset? forgottenKeyedUpTo = null)
    {
        ArgumentNullException.ThrowIfNull(codec);
        ArgumentNullException.ThrowIfNull(commands);
        var (newest, packed) = CommandMemory.Pack(version, commands);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WritePropertyName("state");
            json.WriteRawValue(codec.Serialize(state));
            json.WriteNumber("newest", newest);
            json.WriteString("commands", packed);
            if (forgottenKeyedUpTo is { } forgotten)
            {
                json.WriteNumber("forgotten", CommandMemory.CeilingSeconds(forgotten));
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    public static (TState State, IReadOnlyList<RememberedCommand> RecentCommands, DateTimeOffset? ForgottenKeyedUpTo) Read<TState>(
        SnapshotCodec<TState> codec, long version, string payload)
    {
        ArgumentNullException.ThrowIfNull(codec);
        using var document = JsonDocument.Parse(payload);
        var root = document.RootElement;
        var state = codec.Deserialize(root.GetProperty("state").GetRawText());
        var commands = CommandMemory.Unpack(version, root.GetProperty("newest").GetInt64(), root.GetProperty("commands").GetString() ?? "");
        DateTimeOffset? forgotten = root.TryGetProperty("forgotten", out var f) ? DateTimeOffset.FromUnixTimeSeconds(f.GetInt64()) : null;
        return (state, commands, forgotten);
    }
}
