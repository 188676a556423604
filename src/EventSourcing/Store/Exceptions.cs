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
