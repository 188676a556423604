namespace Application.Common;

/// <summary>
/// Bound from the "Application" configuration section. The same section also binds the command path's settings
/// (<see cref="EventSourcing.EventSourcingOptions"/>: attempts, back-off, snapshot interval, idempotency window).
/// </summary>
public sealed class ApplicationOptions
{
    public const string SectionName = "Application";

    /// <summary>The largest page a query may ask for.</summary>
    public int MaxPageSize { get; set; } = 500;
}
