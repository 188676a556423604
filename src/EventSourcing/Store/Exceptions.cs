namespace EventSourcing;

/// <summary>The store could not be reached or failed after its retries. Nothing is known to be written.</summary>
public class EventStoreUnavailableException : Exception
{
    public EventStoreUnavailableException()
    {
    }

    public EventStoreUnavailableException(string message)
        : base(message)
    {
    }

    public EventStoreUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>A commit the store cannot hold (for DynamoDB: an item over 400 KB, or too many events). Nothing was sent.</summary>
public class CommitTooLargeException : Exception
{
    public CommitTooLargeException()
    {
    }

    public CommitTooLargeException(string message)
        : base(message)
    {
    }

    public CommitTooLargeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>A continuation token that this store did not issue, or that belongs to another stream.</summary>
public class InvalidContinuationTokenException : Exception
{
    public InvalidContinuationTokenException()
    {
    }

    public InvalidContinuationTokenException(string message)
        : base(message)
    {
    }

    public InvalidContinuationTokenException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// A stored stream breaks the store's invariants: its versions are not contiguous from 0, or its snapshot's version
/// has no event behind it. Nothing writes these on its own; it means items were deleted or restored by hand. The store
/// refuses to load or read the stream rather than hand out, or append after, a history with a hole in it.
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

    public StreamCorruptedException(StreamId stream, string problem)
        : base($"Stream {stream} is corrupted: {problem}. Were events deleted by hand? Loads and reads of it fail until it is repaired.")
    {
        StreamId = stream;
    }

    /// <summary>The corrupted stream; null only when the exception was built without one.</summary>
    public StreamId? StreamId { get; }
}
