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
}
