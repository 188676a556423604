using System.Text;

namespace EventSourcing;

/// <summary>What every adapter checks before it writes a commit.</summary>
public static class CommitRules
{
    /// <summary>The most events one commit may hold (DynamoDB's transaction limit).</summary>
    public const int MaxEventsPerCommit = 100;

    /// <summary>
    /// The largest payload one event may carry (DynamoDB's 400 KB item limit). An adapter may refuse less: DynamoDB
    /// counts the whole item, attribute names and metadata included.
    /// </summary>
    public const int MaxEventPayloadBytes = 400 * 1024;

    /// <summary>The most payload bytes one commit may carry (DynamoDB's 4 MB transaction limit); an adapter may refuse less.</summary>
    public const int MaxCommitPayloadBytes = 4 * 1024 * 1024;

    public static void Validate(IReadOnlyList<EventData> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 0)
        {
            throw new ArgumentException("A commit holds at least one event.", nameof(events));
        }

        if (events.Count > MaxEventsPerCommit)
        {
            throw new CommitTooLargeException($"A commit holds at most {MaxEventsPerCommit} events; this one has {events.Count}.");
        }

        var commandId = events[0].Metadata.CommandId;
        if (events.Any(e => e.Metadata.CommandId != commandId))
        {
            throw new ArgumentException("All events of a commit come from one command.", nameof(events));
        }

        ValidateSize(events);
    }

    /// <summary>
    /// A commit to several streams: each stream once, each with at least one event, at most
    /// <see cref="MaxEventsPerCommit"/> events and <see cref="MaxCommitPayloadBytes"/> in all, one command id.
    /// </summary>
    public static void Validate(IReadOnlyList<StreamAppend> commit)
    {
        ArgumentNullException.ThrowIfNull(commit);
        if (commit.Count == 0)
        {
            throw new ArgumentException("A commit names at least one stream.", nameof(commit));
        }

        var streams = new HashSet<StreamId>();
        foreach (var part in commit)
        {
            ArgumentNullException.ThrowIfNull(part, nameof(commit));
            ArgumentNullException.ThrowIfNull(part.Events, nameof(commit));
            if (part.Events.Count == 0)
            {
                throw new ArgumentException($"The commit has no event for {part.Stream}.", nameof(commit));
            }

            if (!streams.Add(part.Stream))
            {
                throw new ArgumentException($"The commit names {part.Stream} twice; a stream appears once per commit.", nameof(commit));
            }
        }

        Validate(commit.SelectMany(p => p.Events).ToList());
    }

    private static void ValidateSize(IReadOnlyList<EventData> events)
    {
        long total = 0;
        for (var i = 0; i < events.Count; i++)
        {
            var bytes = Encoding.UTF8.GetByteCount(events[i].Payload);
            if (bytes > MaxEventPayloadBytes)
            {
                throw new CommitTooLargeException($"Event {i} of the commit has a payload of {bytes:N0} bytes; the limit is {MaxEventPayloadBytes:N0} bytes (400 KB).");
            }

            total += bytes;
        }

        if (total > MaxCommitPayloadBytes)
        {
            throw new CommitTooLargeException($"The commit's payloads are {total:N0} bytes; a commit holds at most {MaxCommitPayloadBytes:N0} bytes (4 MB).");
        }
    }
}
