namespace EventSourcing;

/// <summary>What an append did. Conflicts are expected outcomes, so they are values, not exceptions.</summary>
public abstract record AppendResult
{
    private AppendResult()
    {
    }

    /// <summary>The events were written as versions <see cref="FirstVersion"/> to <see cref="LastVersion"/>.</summary>
    public sealed record Appended(long FirstVersion, long LastVersion) : AppendResult;

    /// <summary>
    /// The stream already holds a commit with the same command id at the expected position (for example
    /// a retry after a timeout whose write had succeeded). Nothing new was written. <see cref="FirstEvent"/> is that
    /// commit's first event when the store got it back for free (so the caller need not read it again), else null.
    /// </summary>
    public sealed record AlreadyApplied(long FirstVersion, long LastVersion, EventEnvelope? FirstEvent = null) : AppendResult;

    /// <summary>
    /// The stream was not at the expected version. <see cref="ActualVersion"/> is the stream's version as
    /// far as the failed write could see it: the end of the commit that won the race. <see cref="CommittedEvents"/>
    /// holds the events of that commit that the store got back for free (possibly none), starting right
    /// after the expected version, so that a caller can fold them and retry without another read.
    /// </summary>
    public sealed record Conflict(
        ExpectedVersion Expected,
        long ActualVersion,
        IReadOnlyList<EventEnvelope> CommittedEvents) : AppendResult;
}

/// <summary>The newest usable snapshot and the events after it: everything a decision needs.</summary>
public sealed record LoadedStream(StreamId StreamId, long Version, Snapshot? Snapshot, IReadOnlyList<EventEnvelope> Events)
{
    public bool Exists => Version > ExpectedVersion.NoStreamVersion;
}

/// <summary>A page of events read forward. <see cref="ContinuationToken"/> is null on the last page.</summary>
public sealed record EventPage(IReadOnlyList<EventEnvelope> Events, string? ContinuationToken);

/// <summary>A page of a category's streams, each with its first event, in stream id order.</summary>
public sealed record StreamPage(IReadOnlyList<EventEnvelope> FirstEvents, string? ContinuationToken);
