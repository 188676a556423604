namespace EventSourcing;

/// <summary>
/// A stream's state as of <see cref="Version"/>, in the JSON of the state schema <see cref="SchemaVersion"/>.
/// A snapshot never replaces a newer one.
/// </summary>
public sealed record Snapshot(long Version, int SchemaVersion, DateTimeOffset Timestamp, string Payload);
