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
    /// Every poll re-reads the entries of this much commit time before the position it reached (at most
    /// <see cref="Overlap"/>): an entry that shows up a moment after a later one (concurrent writers, the index's usual
    /// lag) is applied at the next poll.
    /// </summary>
    public TimeSpan PollOverlap { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Every <see cref="OverlapInterval"/> (and on the first poll after a shard is taken), a poll re-reads the entries of
    /// this much commit time before the position reached. The position moves on between two such polls, so an entry is
    /// caught if it shows up at most Overlap - OverlapInterval (30 s) after its commit time by the writer's clock, which
    /// must cover the index's lag plus the spread of writers' clocks: a later one is caught by the sweep.
    /// </summary>
    public TimeSpan Overlap { get; set; } = TimeSpan.FromSeconds(45);

    /// <summary>
    /// How often a poll re-reads the whole <see cref="Overlap"/>. An entry later than <see cref="PollOverlap"/> but within
    /// Overlap - OverlapInterval is applied within this long. Re-reading a 30 s overlap on every poll (500 ms), as the
    /// first version did, read each entry about 60 times.
    /// </summary>
    public TimeSpan OverlapInterval { get; set; } = TimeSpan.FromSeconds(15);

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
        PollInterval > TimeSpan.Zero && Overlap >= TimeSpan.Zero && PollOverlap >= TimeSpan.Zero && PollOverlap <= Overlap && OverlapInterval > TimeSpan.Zero && (Overlap == TimeSpan.Zero || OverlapInterval < Overlap) && SweepWindow >= Overlap && SweepInterval > TimeSpan.Zero
        && LeaseDuration > TimeSpan.Zero && BatchSize is >= 1 and <= 1000 && DegradedLag > TimeSpan.Zero && MaxRetryDelay > TimeSpan.Zero && MaxShardPollTime > TimeSpan.Zero && !string.IsNullOrWhiteSpace(Subscription);
}
