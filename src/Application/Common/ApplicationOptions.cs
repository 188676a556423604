namespace Application.Common;

/// <summary>Bound from the "Application" configuration section.</summary>
public sealed class ApplicationOptions
{
    public const string SectionName = "Application";

    /// <summary>How many times a command is tried when another writer got there first (1 = no retry).</summary>
    public int MaxCommandAttempts { get; set; } = 20;

    /// <summary>
    /// The longest random wait before a retry after repeated conflicts (full jitter, doubling per attempt from 2 ms).
    /// Zero retries at once. The first conflict is always retried at once, with the winner's events folded in.
    /// </summary>
    public TimeSpan MaxConflictBackoff { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Write a snapshot every K events (0 turns snapshots off), so a load reads the snapshot and fewer than K events.
    /// 20 keeps a DynamoDB load at about 1 to 3 read units (a 3 KB snapshot plus at most 19 events of about 470 bytes)
    /// for about 0.15 write units a command spent on snapshots.
    /// </summary>
    public int SnapshotInterval { get; set; } = 20;

    /// <summary>
    /// True: a command that crosses a multiple of <see cref="SnapshotInterval"/> writes the snapshot itself.
    /// False: the worker's snapshot job does it off the command path.
    /// </summary>
    public bool SnapshotOnCommandPath { get; set; } = true;

    /// <summary>
    /// How many of the most recent commands a snapshot remembers by id. A command id is recognised as a
    /// repeat as long as fewer than this many commands have been committed to the character after it.
    /// </summary>
    public int RememberedCommands { get; set; } = 100;

    /// <summary>The largest page a query may ask for.</summary>
    public int MaxPageSize { get; set; } = 500;
}
