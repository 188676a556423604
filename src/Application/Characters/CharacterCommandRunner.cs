using Application.Common;
using Application.EventStore;
using Domain;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Application.Characters;

/// <summary>What every character command carries besides its own data.</summary>
public interface ICharacterCommand
{
    string CharacterId { get; }

    /// <summary>Identifies the command across retries; a repeat is answered with the original outcome.</summary>
    Guid? CommandId { get; }

    /// <summary>The version the caller saw. When set, any other version is a conflict and nothing is retried.</summary>
    long? ExpectedVersion { get; }

    Guid? CorrelationId { get; }
}

/// <summary>A committed command: the character and the version of the command's last event.</summary>
public sealed record CommandResult(string CharacterId, long Version);

/// <summary>
/// Load, decide, append at the loaded version; on a conflict, fold what the store returned (or re-load) and
/// decide again, up to <see cref="ApplicationOptions.MaxCommandAttempts"/>. Shared by every command handler.
/// </summary>
internal sealed class CharacterCommandRunner(
    CharacterStreams streams,
    ISnapshotSchedule schedule,
    IOptions<ApplicationOptions> options,
    TimeProvider clock,
    ApplicationMetrics metrics,
    ILogger<CharacterCommandRunner> logger)
{
    public async Task<Result<CommandResult>> RunAsync(
        ICharacterCommand command,
        string commandName,
        Func<CharacterHitPoints, Decision<CharacterEvent>> decide,
        CancellationToken cancellationToken)
    {
        var result = await RunCoreAsync(command, decide, cancellationToken).ConfigureAwait(false);
        metrics.CommandsHandled.Add(
            1,
            new KeyValuePair<string, object?>("command", commandName),
            new KeyValuePair<string, object?>("outcome", result.Error?.Code ?? "ok"));
        return result;
    }

    private async Task<Result<CommandResult>> RunCoreAsync(
        ICharacterCommand command, Func<CharacterHitPoints, Decision<CharacterEvent>> decide, CancellationToken cancellationToken)
    {
        var commandId = command.CommandId ?? Guid.NewGuid();
        var correlationId = command.CorrelationId ?? commandId;
        var maxAttempts = Math.Max(1, options.Value.MaxCommandAttempts);
        var stream = await streams.LoadAsync(command.CharacterId, cancellationToken).ConfigureAwait(false);

        for (var attempt = 1; ; attempt++)
        {
            if (stream.Find(commandId) is { } original)
            {
                return new CommandResult(command.CharacterId, original.LastVersion);
            }

            if (command.ExpectedVersion is { } pinned && pinned != stream.Version)
            {
                return new ConflictError(pinned, stream.Version);
            }

            var decision = decide(stream.State);
            if (decision.Error is { } broken)
            {
                return broken.Kind == DomainErrorKind.NotFound
                    ? new NotFoundError("character", command.CharacterId)
                    : new RuleBrokenError(broken.Code, broken.Message);
            }

            var now = clock.GetUtcNow();
            var metadata = new EventMetadata(commandId, correlationId, commandId);
            var events = decision.Events
                .Select(e => streams.Registry.Encode(e, Guid.CreateVersion7(now), now, metadata))
                .ToList();

            var appended = await streams.Store
                .AppendAsync(stream.StreamId, EventStore.ExpectedVersion.Exact(stream.Version), events, cancellationToken)
                .ConfigureAwait(false);

            switch (appended)
            {
                case AppendResult.Appended ok:
                    // Once per K events past the newest snapshot (a failed write or flag is tried again K events
                    // later); only then is the new state folded, so the common command does no extra work.
                    if (streams.IsSnapshotDue(stream.Version, ok.LastVersion, stream.SnapshotVersion))
                    {
                        var after = streams.Fold(stream, events.Select((e, i) => Envelope(stream.StreamId, ok.FirstVersion + i, e)).ToList());
                        await SnapshotOrFlagAsync(after, cancellationToken).ConfigureAwait(false);
                    }

                    return new CommandResult(command.CharacterId, ok.LastVersion);

                case AppendResult.AlreadyApplied done:
                    return new CommandResult(command.CharacterId, done.LastVersion);

                case AppendResult.Conflict when command.ExpectedVersion is not null || attempt >= maxAttempts:
                    // The store reports the end of the commit that won; the caller is owed the current version,
                    // so read it once, on this failure path only.
                    var current = await streams.LoadAsync(command.CharacterId, cancellationToken).ConfigureAwait(false);
                    return new ConflictError(command.ExpectedVersion ?? stream.Version, current.Version);

                case AppendResult.Conflict conflict:
                    metrics.ConflictsRetried.Add(1);
                    logger.LogDebug(
                        "Conflict on {StreamId}: expected {Expected}, found {Actual}; attempt {Attempt} of {Max}",
                        stream.StreamId, stream.Version, conflict.ActualVersion, attempt, maxAttempts);
                    if (attempt == 1 && CanFold(stream, conflict))
                    {
                        // The common race: one commit beat us and the failed write handed it back. Fold it and go again, no read.
                        stream = streams.Fold(stream, conflict.CommittedEvents);
                    }
                    else
                    {
                        // Repeated conflicts mean several writers: back off a random while so they stop colliding, then catch up in one read.
                        await BackOffAsync(attempt, cancellationToken).ConfigureAwait(false);
                        stream = await streams.LoadAsync(command.CharacterId, cancellationToken).ConfigureAwait(false);
                    }

                    break;

                default:
                    throw new InvalidOperationException($"Unexpected append result {appended}.");
            }
        }
    }

    private Task BackOffAsync(int attempt, CancellationToken cancellationToken)
    {
        var cap = options.Value.MaxConflictBackoff;
        if (cap <= TimeSpan.Zero)
        {
            return Task.CompletedTask;
        }

        // Full jitter: a random wait up to min(cap, 1 ms * 2^attempt).
        var ceiling = Math.Min(cap.TotalMilliseconds, Math.Pow(2, Math.Min(attempt, 16)));
        return Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * ceiling), clock, cancellationToken);
    }

    // The events the failed write brought back are enough when they run on from our version to the actual one.
    private static bool CanFold(CharacterStream stream, AppendResult.Conflict conflict) =>
        conflict.CommittedEvents.Count > 0
        && conflict.CommittedEvents[0].Version == stream.Version + 1
        && conflict.CommittedEvents[^1].Version == conflict.ActualVersion
        && conflict.CommittedEvents.Count == conflict.ActualVersion - stream.Version;

    private async Task SnapshotOrFlagAsync(CharacterStream after, CancellationToken cancellationToken)
    {
        try
        {
            if (options.Value.SnapshotOnCommandPath)
            {
                await streams.WriteSnapshotAsync(after, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await schedule.FlagAsync(after.StreamId, after.Version, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (EventStoreUnavailableException ex)
        {
            // The command is committed; a missing snapshot only makes the next loads read a little more.
            logger.LogWarning(ex, "Could not snapshot or flag {StreamId} at {Version}", after.StreamId, after.Version);
        }
    }

    private static EventEnvelope Envelope(StreamId streamId, long version, EventData data) =>
        new(data.EventId, streamId, version, data.Type, data.SchemaVersion, data.Timestamp, data.Payload, data.Metadata);
}
