namespace EventSourcing;

/// <summary>One stream's part of a multi-stream commit: its events, appended at <see cref="Expected"/>.</summary>
public sealed record StreamAppend(StreamId Stream, ExpectedVersion Expected, IReadOnlyList<EventData> Events);

/// <summary>What a multi-stream commit did to one stream: its events stand at <see cref="FirstVersion"/> to <see cref="LastVersion"/>.</summary>
public sealed record StreamVersions(StreamId Stream, long FirstVersion, long LastVersion);

/// <summary>
/// A stream of a multi-stream commit that was not at its expected version, with the same meaning as
/// <see cref="AppendResult.Conflict"/>: <see cref="ActualVersion"/> is the end of the commit that won (or the head when
/// the caller was ahead of the stream), and <see cref="CommittedEvents"/> what of that commit the store got for free.
/// </summary>
public sealed record StreamConflict(
    StreamId Stream, ExpectedVersion Expected, long ActualVersion, IReadOnlyList<EventEnvelope> CommittedEvents);

/// <summary>What an atomic commit to several streams did: all of it, none of it, or all of it already.</summary>
public abstract record MultiAppendResult
{
    private MultiAppendResult()
    {
    }

    /// <summary>Every stream's events were written; one entry per stream, in the commit's order.</summary>
    public sealed record Appended(IReadOnlyList<StreamVersions> Streams) : MultiAppendResult;

    /// <summary>
    /// Every stream already holds, right after its expected version, an event of this commit's command id: a retry of a
    /// commit that had been written. Nothing new was written. One entry per stream, in the commit's order.
    /// </summary>
    public sealed record AlreadyApplied(IReadOnlyList<StreamVersions> Streams) : MultiAppendResult;

    /// <summary>Nothing was written. Every stream found off its expected version is named (in the commit's order).</summary>
    public sealed record Conflict(IReadOnlyList<StreamConflict> Streams) : MultiAppendResult;
}
