namespace EventSourcing;

/// <summary>How the feed processor reads the change feed (section "Feed").</summary>
public sealed class FeedOptions
{
    public const string SectionName = "Feed";

    /// <summary>The subscription's name: its leases and checkpoints are stored under it.</summary>
    public string Subscription { get; set; } = "projections";

    /// <summary>This worker's name in leases. Empty: machine name plus a random suffix, new every start.</summary>
    public string? Owner { get; set; }

    /// <summary>Pause between polls when the last poll found nothing to apply.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// Every poll re-reads the entries of this much commit time before the checkpoint. It must exceed the index's
    /// lag plus the spread of writers' clocks: an entry that shows up later than that is caught by the sweep.
    /// </summary>
    public TimeSpan Overlap { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often a poll re-reads <see cref="SweepWindow"/> instead of <see cref="Overlap"/>.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(5);

    public TimeSpan SweepWindow { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>A worker that stops renewing loses its shards after this long.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Feed entries read per request.</summary>
    public int BatchSize { get; set; } = 500;

    /// <summary>Longest pause before retrying a failing stream or poll (the pause doubles from <see cref="PollInterval"/>).</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// One poll stops reading a shard's pages after this long (the next poll goes on), so a long backlog does not hold
    /// the other shards up; the checkpoint moves after each page.
    /// </summary>
    public TimeSpan MaxShardPollTime { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Health turns degraded when the projections are this far behind the events (or have not polled for this long).</summary>
    public TimeSpan DegradedLag { get; set; } = TimeSpan.FromSeconds(30);

    internal bool IsValid() =>
        PollInterval > TimeSpan.Zero && Overlap >= TimeSpan.Zero && SweepWindow >= Overlap && SweepInterval > TimeSpan.Zero
        && LeaseDuration > TimeSpan.Zero && BatchSize is >= 1 and <= 1000 && DegradedLag > TimeSpan.Zero && MaxRetryDelay > TimeSpan.Zero && MaxShardPollTime > TimeSpan.Zero && !string.IsNullOrWhiteSpace(Subscription);
}
