namespace Adapters.DynamoDb;

/// <summary>Bound from the "DynamoDb" configuration section (appsettings.json, or environment variables such as DynamoDb__TableName).</summary>
public sealed class DynamoDbOptions
{
    public const string SectionName = "DynamoDb";

    /// <summary>
    /// The dummy key used only when <see cref="ServiceUrl"/> is a loopback address (DynamoDB Local). DynamoDB Local
    /// ignores credentials but keeps separate tables per access key and region, so every tool must use the same pair.
    /// </summary>
    public const string LocalAccessKey = "local";

    /// <summary>The dummy secret that goes with <see cref="LocalAccessKey"/>; it is not a credential.</summary>
    public const string LocalSecretKey = "local";

    public const int DefaultFeedShards = 4;

    public string TableName { get; set; } = "hexagonal-events";

    /// <summary>
    /// Shards of the change feed index (each a partition of the "feed" index, about 1,000 events/s each). 0 writes no
    /// feed keys (no feed, 1 WCU less per event). Fixed once events exist: entries keep the shard they were written in.
    /// </summary>
    public int FeedShards { get; set; } = DefaultFeedShards;

    public string Region { get; set; } = "us-east-1";

    /// <summary>An endpoint such as http://127.0.0.1:8000 for DynamoDB Local; empty for AWS itself.</summary>
    public string? ServiceUrl { get; set; }

    /// <summary>Create the table and its indexes at startup if they are missing (a hosted service does it).</summary>
    public bool CreateTableIfMissing { get; set; }

    /// <summary>How many times the SDK retries a throttled or failed request (standard retry mode) before giving up.</summary>
    public int MaxErrorRetry { get; set; } = 3;

    /// <summary>How long one HTTP attempt may take.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Load in one round trip (the default): the snapshot GetItem and a backward Query of the newest events are sent
    /// together, sized from what this process knows of the stream; a short stream is read whole, snapshot included,
    /// in one Query. False: the GetItem, then a Query of the events from the snapshot on (two round trips).
    /// </summary>
    public bool LoadInOneRoundTrip { get; set; } = true;

    /// <summary>
    /// The most newest events a load asks for when this process knows nothing of the stream yet: the snapshot interval
    /// (Application:SnapshotInterval, 20 by default) covers any snapshot the policy keeps. Once the store has read
    /// events it asks for fewer: as many as fit in one 4 KB read unit, so a first load reads no more than two round
    /// trips would, and a snapshot further behind costs a second Query. Between 1 and 100.
    /// </summary>
    public int LoadTailGuess { get; set; } = 20;
}
