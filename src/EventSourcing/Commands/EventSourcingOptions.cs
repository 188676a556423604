namespace EventSourcing;

/// <summary>The generic command path's settings. Hosts bind them from configuration (this app: the "Application" section).</summary>
public sealed class EventSourcingOptions
{
    /// <summary>How many times a command is tried when another writer got there first (1 = no retry).</summary>
    public int MaxCommandAttempts { get; set; } = 20;

    /// <summary>
    /// The longest random wait before a retry after repeated conflicts (full jitter, doubling per attempt from 2 ms).
    /// Zero retries at once. The first conflict is always retried at once, with the winner's events folded in.
    /// </summary>
    public TimeSpan MaxConflictBackoff { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Write a snapshot every K events (0 turns snapshots off), so a load reads the snapshot and fewer than K events.
    /// 20 keeps a DynamoDB load at about 1 to 3 read units for about 0.15 write units a command spent on snapshots.
    /// </summary>
    public int SnapshotInterval { get; set; } = 20;

    /// <summary>
    /// True: a command that crosses a multiple of <see cref="SnapshotInterval"/> writes the snapshot itself.
    /// False: a snapshot job does it off the command path.
    /// </summary>
    public bool SnapshotOnCommandPath { get; set; } = true;

    /// <summary>
    /// How many of a stream's most recent commands are remembered whatever their age (caller-keyed commands inside
    /// <see cref="IdempotencyWindow"/> are remembered too, up to <see cref="MaxRememberedKeyedCommands"/>).
    /// </summary>
    public int RememberedCommands { get; set; } = 100;

    /// <summary>
    /// How long a caller-supplied command id is guaranteed never to be applied twice, whatever the number of commands
    /// in between. The guarantee is this window or the last <see cref="RememberedCommands"/> commands, whichever is longer.
    /// </summary>
    public TimeSpan IdempotencyWindow { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// The most caller-keyed commands older than the last N that a stream remembers inside the window (about 10 bytes
    /// each in the snapshot: 400 keep it under about 7 KB). Past it, a keyed command whose id is not remembered reads
    /// the window back before it is applied: slower, never wrong.
    /// </summary>
    public int MaxRememberedKeyedCommands { get; set; } = 400;

    /// <summary>Added to the window when reading back, to cover writers whose clocks differ by up to this much.</summary>
    public TimeSpan ClockSkewAllowance { get; set; } = TimeSpan.FromMinutes(5);

    internal bool IsValid() =>
        MaxCommandAttempts >= 1 && SnapshotInterval >= 0 && RememberedCommands >= 1 && MaxConflictBackoff >= TimeSpan.Zero
        && MaxRememberedKeyedCommands >= 0 && IdempotencyWindow >= TimeSpan.Zero && ClockSkewAllowance >= TimeSpan.Zero;
}
