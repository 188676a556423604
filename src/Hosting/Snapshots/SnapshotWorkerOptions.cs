namespace Hosting.Snapshots;

/// <summary>The "Worker" configuration section: the background snapshot job.</summary>
public sealed class SnapshotWorkerOptions
{
    public const string SectionName = "Worker";

    /// <summary>False leaves the job out (and snapshotting on the command path, as the application configures it).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// True turns <c>Application:SnapshotOnCommandPath</c> off wherever the job runs, since the job takes over
    /// snapshotting. False keeps whatever the application section says.
    /// </summary>
    public bool TakeOverSnapshots { get; set; } = true;

    /// <summary>
    /// How long the job waits before it looks again after any batch that wrote no snapshot: an empty schedule, a
    /// failure, or flags that were only cleared or dropped. Such a backlog drains one batch per interval.
    /// </summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How many flagged streams one batch takes.</summary>
    public int BatchSize { get; set; } = 100;

    /// <summary>
    /// On shutdown, how long the stream in hand may take to finish. After that it is abandoned: its snapshot is
    /// written whole or not at all, and its flag stays for the next run.
    /// </summary>
    public TimeSpan ShutdownGrace { get; set; } = TimeSpan.FromSeconds(5);
}
