using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EventSourcing;

/// <summary>
/// The command path for a command that writes several streams, of any aggregates, all or nothing: load each stream,
/// decide across them, append every stream's events in one atomic commit, each at its loaded version. On a conflict only
/// the streams that moved are brought up to date (by folding the winning events the store handed back, the first time;
/// else after a random back-off, by re-loading them), and the decision runs again, up to
/// <see cref="EventSourcingOptions.MaxCommandAttempts"/>. A pinned stream (<see cref="CommitStream.ExpectedVersion"/>)
/// is never retried: its conflict is a <see cref="ConflictError"/> naming it.
/// </summary>
/// <remarks>
/// Idempotency covers the whole commit: the command id and fingerprint go on every stream's events, so a repeat is
/// recognised from any stream's memory and applies nothing anywhere; the same id on another request is refused. Only
/// the streams' remembered commands are searched (not the read-back past the memory that the single-stream path does).
/// </remarks>
public sealed partial class MultiStreamCommandService(
    IEventStore store,
    ISnapshotSchedule schedule,
    IOptions<EventSourcingOptions> options,
    TimeProvider clock,
    EventSourcingMetrics metrics,
    ILogger<MultiStreamCommandService> logger)
{
    /// <summary>Runs <paramref name="decide"/> over <paramref name="streams"/> (each stream once) and commits its writes atomically.</summary>
    /// <param name="command">The request; its fingerprint is taken from its JSON form.</param>
    /// <param name="commandName">A stable name for the request type (part of the stored fingerprint).</param>
    /// <param name="streams">Every stream the decision reads or writes.</param>
    /// <param name="decide">The decision; it reads the streams' loaded states, which are current each time it runs.</param>
    public async Task<Result<MultiCommandResult>> HandleAsync(
        IMultiStreamCommand command,
        string commandName,
        IReadOnlyList<CommitStream> streams,
        Func<MultiStreamDecision> decide,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentException.ThrowIfNullOrWhiteSpace(commandName);
        ArgumentNullException.ThrowIfNull(streams);
        ArgumentNullException.ThrowIfNull(decide);
        ArgumentOutOfRangeException.ThrowIfZero(streams.Count, nameof(streams));
        if (streams.Select(s => s.StreamId).Distinct().Count() != streams.Count)
        {
            throw new ArgumentException("A stream takes part in a command at most once.", nameof(streams));
        }

        var result = await RunAsync(command, commandName, streams, decide, cancellationToken).ConfigureAwait(false);
        metrics.CommandsHandled.Add(
            1,
            new KeyValuePair<string, object?>("category", string.Join('+', streams.Select(s => s.Category).Distinct())),
            new KeyValuePair<string, object?>("command", commandName),
            new KeyValuePair<string, object?>("outcome", result.Error?.Code ?? "ok"));
        return result;
    }

    private async Task<Result<MultiCommandResult>> RunAsync(
        IMultiStreamCommand command, string commandName, IReadOnlyList<CommitStream> streams, Func<MultiStreamDecision> decide, CancellationToken cancellationToken)
    {
        var keyed = command.CommandId is not null;
        var commandId = command.CommandId ?? Guid.NewGuid();
        var correlationId = command.CorrelationId ?? commandId;
        var fingerprint = keyed ? CommandFingerprint.Of(commandName, command) : CommandFingerprint.Unkeyed;
        var maxAttempts = Math.Max(1, options.Value.MaxCommandAttempts);

        // Independent reads: one round trip's latency for all of them.
        await Task.WhenAll(streams.Select(s => s.LoadAsync(cancellationToken))).ConfigureAwait(false);

        for (var attempt = 1; ; attempt++)
        {
            if (keyed && await FindRepeatAsync(streams, commandId, fingerprint, cancellationToken).ConfigureAwait(false) is { } repeat)
            {
                return repeat;
            }

            if (streams.FirstOrDefault(s => s.ExpectedVersion is { } pinned && pinned != s.Version) is { } moved)
            {
                return new ConflictError(moved.ExpectedVersion!.Value, moved.Version, moved.StreamId);
            }

            var decision = decide();
            if (decision.Error is { } error)
            {
                return error;
            }

            var now = clock.GetUtcNow();
            var metadata = new EventMetadata(commandId, correlationId, commandId, fingerprint);
            var writes = decision.Writes.Where(w => w.Events.Count > 0).ToList();
            if (writes.Select(w => w.Stream.StreamId).Distinct().Count() != writes.Count
                || writes.Any(w => !streams.Contains(w.Stream)))
            {
                throw new InvalidOperationException("A decision writes only to the command's streams, each once.");
            }

            if (writes.Count == 0)
            {
                return Versions(streams, []);
            }

            var encoded = writes
                .Select(w => (w.Stream, Events: (IReadOnlyList<EventData>)[.. w.Events.Select(e => w.Stream.Encode(e, Guid.CreateVersion7(now), now, metadata))]))
                .ToList();
            var commit = encoded.Select(w => new StreamAppend(w.Stream.StreamId, ExpectedVersion.Exact(w.Stream.Version), w.Events)).ToList();
            var appended = await store.AppendAsync(commit, cancellationToken).ConfigureAwait(false);

            switch (appended)
            {
                case MultiAppendResult.Appended ok:
                    foreach (var (stream, events) in encoded)
                    {
                        var versions = ok.Streams.First(s => s.Stream == stream.StreamId);
                        if (stream.IsSnapshotDue(versions.LastVersion))
                        {
                            await SnapshotOrFlagAsync(stream, versions.FirstVersion, events).ConfigureAwait(false);
                        }
                    }

                    return Versions(streams, ok.Streams);

                case MultiAppendResult.AlreadyApplied done:
                    // Our command id already stands right after every loaded version (a retry whose response was lost, or
                    // a concurrent duplicate). Nothing new was written; one read tells whether it was this request.
                    if (keyed)
                    {
                        var first = done.Streams[0];
                        var entry = new RememberedCommand(RememberedCommand.HashOf(commandId), first.FirstVersion, first.LastVersion, now, true, null, null);
                        if (await TryRepeatAsync(first.Stream, entry, commandId, fingerprint, cancellationToken).ConfigureAwait(false) is { Error: { } reused })
                        {
                            return reused;
                        }
                    }

                    return Versions(streams, done.Streams);

                case MultiAppendResult.Conflict conflict:
                    if (conflict.Streams.FirstOrDefault(c => Find(streams, c.Stream).ExpectedVersion is not null) is { } pinnedConflict)
                    {
                        return new ConflictError(Find(streams, pinnedConflict.Stream).ExpectedVersion!.Value, pinnedConflict.ActualVersion, pinnedConflict.Stream);
                    }

                    if (attempt >= maxAttempts)
                    {
                        var last = conflict.Streams[0];
                        return new ConflictError(Find(streams, last.Stream).Version, last.ActualVersion, last.Stream);
                    }

                    metrics.ConflictsRetried.Add(1, new KeyValuePair<string, object?>("category", string.Join('+', conflict.Streams.Select(c => c.Stream.Category).Distinct())));
                    var stale = new List<CommitStream>();
                    foreach (var c in conflict.Streams)
                    {
                        var stream = Find(streams, c.Stream);
                        LogConflict(c.Stream, stream.Version, c.ActualVersion, attempt, maxAttempts);
                        if (attempt > 1 || !stream.TryFold(c))
                        {
                            stale.Add(stream);
                        }
                    }

                    if (stale.Count > 0)
                    {
                        // Repeated conflicts (or a winner the store could not hand back): back off a random while, then
                        // re-load only the streams that moved.
                        await BackOffAsync(attempt, cancellationToken).ConfigureAwait(false);
                        await Task.WhenAll(stale.Select(s => s.LoadAsync(cancellationToken))).ConfigureAwait(false);
                    }

                    break;

                default:
                    throw new InvalidOperationException($"Unexpected append result {appended}.");
            }
        }
    }

    private static CommitStream Find(IReadOnlyList<CommitStream> streams, StreamId id) => streams.First(s => s.StreamId == id);

    private static MultiCommandResult Versions(IReadOnlyList<CommitStream> streams, IReadOnlyList<StreamVersions> written) =>
        new([.. streams.Select(s => new StreamVersion(s.StreamId, written.FirstOrDefault(w => w.Stream == s.StreamId)?.LastVersion ?? s.Version))]);

    /// <summary>A remembered command on any stream that is this id: the same request gets its outcome, another is refused.</summary>
    private async Task<Result<MultiCommandResult>?> FindRepeatAsync(
        IReadOnlyList<CommitStream> streams, Guid commandId, string fingerprint, CancellationToken cancellationToken)
    {
        var found = new List<StreamVersion>();
        foreach (var stream in streams)
        {
            foreach (var candidate in stream.Candidates(commandId))
            {
                if (await TryRepeatAsync(stream.StreamId, candidate, commandId, fingerprint, cancellationToken).ConfigureAwait(false) is not { } outcome)
                {
                    continue;
                }

                if (outcome.Error is { } reused)
                {
                    return reused;
                }

                found.Add(new StreamVersion(stream.StreamId, candidate.LastVersion));
                break;
            }
        }

        if (found.Count == 0)
        {
            return null;
        }

        return Result.Ok(new MultiCommandResult([.. streams.Select(s => found.FirstOrDefault(f => f.Stream == s.StreamId) ?? new StreamVersion(s.StreamId, s.Version))]));
    }

    /// <summary>Null when the entry turns out to be another command; else the repeat (an empty success) or the reuse error.</summary>
    private async Task<Result<MultiCommandResult>?> TryRepeatAsync(
        StreamId stream, RememberedCommand entry, Guid commandId, string fingerprint, CancellationToken cancellationToken)
    {
        var (id, stored) = (entry.CommandId, entry.Fingerprint);
        if (id is null || stored is null)
        {
            metrics.IdempotencyReads.Add(1, new KeyValuePair<string, object?>("reason", "repeat"));
            var page = await store.ReadAsync(stream, entry.FirstVersion, 1, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (page.Events is not [var first, ..])
            {
                return null;
            }

            (id, stored) = (first.Metadata.CommandId, first.Metadata.Fingerprint ?? string.Empty);
        }

        if (id != commandId)
        {
            return null;
        }

        if (CommandFingerprint.IsComparable(stored) && CommandFingerprint.IsComparable(fingerprint) && !string.Equals(stored, fingerprint, StringComparison.Ordinal))
        {
            return Result.Fail<MultiCommandResult>(new IdempotencyKeyReusedError(commandId, CommandFingerprint.CommandName(stored)));
        }

        return Result.Ok(new MultiCommandResult([]));
    }

    private Task BackOffAsync(int attempt, CancellationToken cancellationToken)
    {
        var cap = options.Value.MaxConflictBackoff;
        if (cap <= TimeSpan.Zero)
        {
            return Task.CompletedTask;
        }

        var ceiling = Math.Min(cap.TotalMilliseconds, Math.Pow(2, Math.Min(attempt, 16)));
        return Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * ceiling), clock, cancellationToken);
    }

    /// <summary>After the commit: nothing here may fail the command (see <see cref="CommandService{TState, TEvent}"/>).</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage(
        "Design",
        "CA1031:Do not catch general exception types",
        Justification = "The command is already committed: reporting a snapshot fault as the command's failure would invite a second apply.")]
    private async Task SnapshotOrFlagAsync(CommitStream stream, long firstVersion, IReadOnlyList<EventData> events)
    {
        try
        {
            await stream.SnapshotOrFlagAsync(schedule, firstVersion, events).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogSnapshotFailed(ex, stream.StreamId);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Multi-stream conflict on {StreamId}: expected {Expected}, found {Actual}; attempt {Attempt} of {Max}")]
    private partial void LogConflict(StreamId streamId, long expected, long actual, int attempt, int max);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not snapshot or flag {StreamId} after a multi-stream commit")]
    private partial void LogSnapshotFailed(Exception exception, StreamId streamId);
}
