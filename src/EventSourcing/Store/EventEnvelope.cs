namespace EventSourcing;

/// <summary>
/// Who and what caused an event: the command, its correlation and its cause, and the fingerprint of the request
/// ("CommandName:hash of its input") when the caller supplied the command id, so that a reused id is told apart.
/// </summary>
public sealed record EventMetadata(Guid CommandId, Guid CorrelationId, Guid CausationId, string? Fingerprint = null);

/// <summary>An event about to be appended. The store gives it its stream and version.</summary>
public sealed record EventData(
    Guid EventId,
    string Type,
    int SchemaVersion,
    DateTimeOffset Timestamp,
    string Payload,
    EventMetadata Metadata);

/// <summary>A stored event: its identity, position, type, time, JSON payload and metadata.</summary>
public sealed record EventEnvelope(
    Guid EventId,
    StreamId StreamId,
    long Version,
    string Type,
    int SchemaVersion,
    DateTimeOffset Timestamp,
    string Payload,
    EventMetadata Metadata);
