namespace EventSourcing;

/// <summary>
/// A stream's stored events cannot be folded: a version is missing, or its snapshot is not backed by an event.
/// Someone deleted or wrote items by hand. Nothing is written to such a stream until it is repaired.
/// </summary>
public class StreamCorruptedException : Exception
{
    public StreamCorruptedException()
    {
    }

    public StreamCorruptedException(string message)
        : base(message)
    {
    }

    public StreamCorruptedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public StreamCorruptedException(StreamId stream, string message)
        : base($"Stream {stream} is corrupted: {message}")
    {
        Stream = stream;
    }

    public StreamId? Stream { get; }
}
