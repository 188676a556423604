namespace EventSourcing;

/// <summary>
/// The version an append expects the stream to be at. Versions count from 0: a stream's first event is
/// version 0, and a stream's version is the version of its last event. A stream with no events is at
/// <see cref="NoStreamVersion"/> (-1).
/// </summary>
public readonly record struct ExpectedVersion
{
    public const long NoStreamVersion = -1;

    private ExpectedVersion(long value) => Value = value;

    /// <summary>The stream must not exist yet.</summary>
    public static ExpectedVersion NoStream { get; } = new(NoStreamVersion);

    /// <summary>-1 for "no stream", or the exact version of the stream's last event.</summary>
    public long Value { get; }

    public bool IsNoStream => Value == NoStreamVersion;

    public static ExpectedVersion Exact(long version) =>
        version >= NoStreamVersion
            ? new ExpectedVersion(version)
            : throw new ArgumentOutOfRangeException(nameof(version), version, "A version is -1 (no stream) or more.");

    public override string ToString() => IsNoStream ? "no stream" : Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
