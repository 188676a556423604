using Microsoft.Extensions.Logging;

namespace EventSourcing;

/// <summary>
/// The one command path for every aggregate: load (snapshot plus tail) and fold, recognise a repeated command id,
/// decide, append at the loaded version; on a conflict fold the winner's events (first time) or back off and re-load,
/// up to <see cref="EventSourcingOptions.MaxCommandAttempts"/>; then snapshot or flag every K events.
/// </summary>
/// <remarks>
/// Idempotency: a caller-supplied command id is never applied twice within <see cref="EventSourcingOptions.IdempotencyWindow"/>
/// or the last <see cref="EventSourcingOptions.RememberedCommands"/> commands of the stream, whichever is longer. The
/// common case (a new id) costs nothing extra: the load already holds the memory (the snapshot and the tail). A repeat
/// costs one read of its first event when the memory holds only its hash; a stream with more keyed commands inside the
/// window than <see cref="EventSourcingOptions.MaxRememberedKeyedCommands"/> reads the window back for each new keyed id.
/// </remarks>
public sealed partial class CommandService<TState, TEvent>(
    AggregateStreams<TState, TEvent> streams,
    ISnapshotSchedule schedule,
    TimeProvider clock,
    EventSourcingMetrics metrics,
    ILogger<CommandService<TState, TEvent>> logger)
    where TState : notnull
    where TEvent : notnull
{
    private const int ReadBackPage = 100;

    public AggregateStreams<TState, TEvent> Streams => streams;

    /// <summary>Runs <paramref name="decide"/> on the aggregate <paramref name="command"/> addresses.</summary>
    /// <param name="command">The request; its fingerprint is taken from its JSON form.</param>
    /// <param name="commandName">A stable name for the request type (it is part of the stored fingerprint).</param>
    /// <param name="decide">The aggregate's decision, given the current state.</param>
    public async Task<Result<CommandResult>> HandleAsync(
        IAggregateCommand command,
        string commandName,
        Func<TState, CommandDecision<TEvent>> decide,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentException.ThrowIfNullOrWhiteSpace(commandName);
        ArgumentNullException.ThrowIfNull(decide);
        var result = await RunAsync(command, commandName, decide, cancellationToken).ConfigureAwait(false);
        metrics.CommandsHandled.Add(
            1,
            new KeyValuePair<string, object?>("category", streams.Category),
            new KeyValuePair<string, object?>("command", commandName),
            new KeyValuePair<string, object?>("outcome", result.Error?.Code ?? "ok"));
        return result;
    }

    private async Task<Result<CommandResult>> RunAsync(
        IAggregateCommand command, string commandName, Func<TState, CommandDecision<TEvent>> decide, CancellationToken cancellationToken)
    {
        var options = streams.Options;
        var keyed = command.CommandId is not null;
        var commandId = command.CommandId ?? Guid.NewGuid();
        var correlationId = command.CorrelationId ?? commandId;
        var fingerprint = keyed ? CommandFingerprint.Of(commandName, command) : CommandFingerprint.Unkeyed;
        var maxAttempts = Math.Max(1, options.MaxCommandAttempts);
        var stream = await streams.LoadAsync(command.AggregateId, cancellationToken).ConfigureAwait(false);
        var searchedWindow = false;

        for (var attempt = 1; ; attempt++)
        {
            // Only a caller-chosen id can be a repeat; a fresh one skips this (the common path does no extra work).
            if (keyed)
            {
                foreach (var candidate in stream.Candidates(commandId))
                {
                    if (await TryRepeatAsync(stream.StreamId, candidate, commandId, fingerprint, cancellationToken).ConfigureAwait(false) is { } repeat)
                    {
                        return repeat;
                    }
                }

                if (!searchedWindow && !CoversWindow(stream))
                {
                    // Rare: more keyed commands inside the window than the memory keeps, so an older repeat could hide.
                    searchedWindow = true;
                    if (await FindOlderAsync(stream, commandId, cancellationToken).ConfigureAwait(false) is { } older
                        && await TryRepeatAsync(stream.StreamId, older, commandId, fingerprint, cancellationToken).ConfigureAwait(false) is { } repeat)
                    {
                        return repeat;
                    }
                }
            }

            if (command.ExpectedVersion is { } pinned && pinned != stream.Version)
            {
                return new ConflictError(pinned, stream.Version);
            }

            var decision = decide(stream.State);
            if (decision.IsNotFound)
            {
                return new NotFoundError(streams.Category, command.AggregateId);
            }

            if (decision.RuleCode is { } rule)
            {
                return new RuleBrokenError(rule, decision.RuleMessage ?? rule);
            }

            var now = clock.GetUtcNow();
            var metadata = new EventMetadata(commandId, correlationId, commandId, fingerprint);
            var events = decision.Events
                .Select(e => streams.Registry.Encode(e, Guid.CreateVersion7(now), now, metadata))
                .ToList();

            var appended = await streams.Store
                .AppendAsync(stream.StreamId, EventSourcing.ExpectedVersion.Exact(stream.Version), events, cancellationToken)
                .ConfigureAwait(false);

            switch (appended)
            {
                case AppendResult.Appended ok:
                    // Once per K events past the newest snapshot (a failed write or flag is tried again K events
                    // later); only then is the new state folded, so the common command does no extra work.
                    if (streams.IsSnapshotDue(stream.Version, ok.LastVersion, stream.SnapshotVersion))
                    {
                        var after = streams.Fold(stream, events.Select((e, i) => Envelope(stream.StreamId, ok.FirstVersion + i, e)).ToList());
                        await SnapshotOrFlagAsync(after).ConfigureAwait(false);
                    }

                    return new CommandResult(command.AggregateId, ok.LastVersion);

                case AppendResult.AlreadyApplied done:
                    // Our command id already stands right after the loaded version (a retry whose response was lost,
                    // or a concurrent duplicate): the first request's outcome, if it was this request. The store
                    // usually hands back that event, fingerprint included, so nothing is read again.
                    var applied = done.FirstEvent is { } first
                        ? RememberedCommand.Of(commandId, done.FirstVersion, done.LastVersion, first.Timestamp, first.Metadata.Fingerprint)
                        : new RememberedCommand(
                            RememberedCommand.HashOf(commandId), done.FirstVersion, done.LastVersion, now, keyed, commandId, keyed ? null : CommandFingerprint.Unkeyed);
                    return await TryRepeatAsync(stream.StreamId, applied, commandId, fingerprint, cancellationToken).ConfigureAwait(false)
                        ?? new CommandResult(stream.StreamId.Id, done.LastVersion);

                case AppendResult.Conflict when command.ExpectedVersion is not null || attempt >= maxAttempts:
                    // The store reports the end of the commit that won; the caller is owed the current version,
                    // so read it once, on this failure path only.
                    var current = await streams.LoadAsync(command.AggregateId, cancellationToken).ConfigureAwait(false);
                    return new ConflictError(command.ExpectedVersion ?? stream.Version, current.Version);

                case AppendResult.Conflict conflict:
                    metrics.ConflictsRetried.Add(1, new KeyValuePair<string, object?>("category", streams.Category));
                    LogConflict(stream.StreamId, stream.Version, conflict.ActualVersion, attempt, maxAttempts);
                    if (attempt == 1 && CanFold(stream, conflict))
                    {
                        // The common race: one commit beat us and the failed write handed it back. Fold it and go again, no read.
                        stream = streams.Fold(stream, conflict.CommittedEvents);
                    }
                    else
                    {
                        // Repeated conflicts mean several writers: back off a random while so they stop colliding, then catch up in one read.
                        await BackOffAsync(attempt, cancellationToken).ConfigureAwait(false);
                        stream = await streams.LoadAsync(command.AggregateId, cancellationToken).ConfigureAwait(false);
                    }

                    break;

                default:
                    throw new InvalidOperationException($"Unexpected append result {appended}.");
            }
        }
    }

    /// <summary>
    /// A remembered command that may be this one: the same request gets the original outcome, another request with the
    /// same id is refused. What the memory does not hold (the full id, the fingerprint) is read from the command's first
    /// event: one read, only when a repeat (or a hash twin) arrives. Null when the entry turns out to be another command.
    /// Events without a fingerprint (written before fingerprints existed) count as the same request.
    /// </summary>
    private async Task<Result<CommandResult>?> TryRepeatAsync(
        StreamId stream, RememberedCommand entry, Guid commandId, string? fingerprint, CancellationToken cancellationToken)
    {
        var (id, stored) = (entry.CommandId, entry.Fingerprint);
        if (id is null || stored is null)
        {
            metrics.IdempotencyReads.Add(1, new KeyValuePair<string, object?>("reason", "repeat"));
            var page = await streams.Store.ReadAsync(stream, entry.FirstVersion, 1, cancellationToken: cancellationToken).ConfigureAwait(false);
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

        return CommandFingerprint.IsComparable(stored) && CommandFingerprint.IsComparable(fingerprint) && !string.Equals(stored, fingerprint, StringComparison.Ordinal)
            ? new IdempotencyKeyReusedError(commandId, CommandFingerprint.CommandName(stored))
            : new CommandResult(stream.Id, entry.LastVersion);
    }

    /// <summary>True when every caller-keyed command inside the window is remembered: none was let go since its start.</summary>
    private bool CoversWindow(AggregateStream<TState> stream) =>
        stream.ForgottenKeyedUpTo is not { } forgotten
        || forgotten < clock.GetUtcNow() - streams.Options.IdempotencyWindow - streams.Options.ClockSkewAllowance;

    /// <summary>
    /// Reads back from below the last N commands, a page at a time, until the events are older than the window. Only
    /// for a stream with more keyed commands inside the window than <see cref="EventSourcingOptions.MaxRememberedKeyedCommands"/>.
    /// </summary>
    private async Task<RememberedCommand?> FindOlderAsync(AggregateStream<TState> stream, Guid commandId, CancellationToken cancellationToken)
    {
        var options = streams.Options;
        var horizon = clock.GetUtcNow() - options.IdempotencyWindow - options.ClockSkewAllowance;
        var recent = stream.RecentCommands;
        var end = recent.Count == 0 ? stream.Version : recent[Math.Max(0, recent.Count - options.RememberedCommands)].FirstVersion - 1;
        while (end >= 0)
        {
            var from = Math.Max(0, end - ReadBackPage + 1);
            metrics.IdempotencyReads.Add(1, new KeyValuePair<string, object?>("reason", "window"));
            var page = await streams.Store.ReadAsync(stream.StreamId, from, (int)(end - from + 1), cancellationToken: cancellationToken)
                .ConfigureAwait(false);
            var events = page.Events.Where(e => e.Version <= end).ToList();

            // Newest first: the pages above held none of the command's events, so the first match is its commit's last event.
            for (var i = events.Count - 1; i >= 0; i--)
            {
                if (events[i].Metadata.CommandId != commandId)
                {
                    continue;
                }

                var first = i;
                while (first > 0 && events[first - 1].Metadata.CommandId == commandId)
                {
                    first--;
                }

                return RememberedCommand.Of(commandId, events[first].Version, events[i].Version, events[first].Timestamp, events[i].Metadata.Fingerprint);
            }

            if (events.Count == 0 || events[0].Timestamp < horizon)
            {
                break;
            }

            end = from - 1;
        }

        return null;
    }

    private Task BackOffAsync(int attempt, CancellationToken cancellationToken)
    {
        var cap = streams.Options.MaxConflictBackoff;
        if (cap <= TimeSpan.Zero)
        {
            return Task.CompletedTask;
        }

        // Full jitter: a random wait up to min(cap, 1 ms * 2^attempt).
        var ceiling = Math.Min(cap.TotalMilliseconds, Math.Pow(2, Math.Min(attempt, 16)));
        return Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * ceiling), clock, cancellationToken);
    }

    // The events the failed write brought back are enough when they run on from our version to the actual one.
    private static bool CanFold(AggregateStream<TState> stream, AppendResult.Conflict conflict) =>
        conflict.CommittedEvents.Count > 0
        && conflict.CommittedEvents[0].Version == stream.Version + 1
        && conflict.CommittedEvents[^1].Version == conflict.ActualVersion
        && conflict.CommittedEvents.Count == conflict.ActualVersion - stream.Version;

    /// <summary>
    /// After the append: the command is committed whatever happens here, so nothing here may fail it. It runs without
    /// the caller's token (a client that went away must not turn a committed command into an error) and logs any fault;
    /// a missing snapshot only makes the next loads read a little more, and it is tried again K events later.
    /// </summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage(
        "Design",
        "CA1031:Do not catch general exception types",
        Justification = "The command is already committed: reporting a snapshot fault as the command's failure would invite a second apply.")]
    private async Task SnapshotOrFlagAsync(AggregateStream<TState> after)
    {
        try
        {
            if (streams.Options.SnapshotOnCommandPath)
            {
                await streams.WriteSnapshotAsync(after, CancellationToken.None).ConfigureAwait(false);
            }
            else
            {
                await schedule.FlagAsync(after.StreamId, after.Version, CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogSnapshotFailed(ex, after.StreamId, after.Version);
        }
    }

    private static EventEnvelope Envelope(StreamId streamId, long version, EventData data) =>
        new(data.EventId, streamId, version, data.Type, data.SchemaVersion, data.Timestamp, data.Payload, data.Metadata);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Conflict on {StreamId}: expected {Expected}, found {Actual}; attempt {Attempt} of {Max}")]
    private partial void LogConflict(StreamId streamId, long expected, long actual, int attempt, int max);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not snapshot or flag {StreamId} at {Version}")]
    private partial void LogSnapshotFailed(Exception exception, StreamId streamId, long version);
}
