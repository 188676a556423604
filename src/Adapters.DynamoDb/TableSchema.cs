using System.Globalization;
using Amazon.DynamoDBv2.Model;

namespace Adapters.DynamoDb;

/// <summary>
/// The single-table layout. One partition per stream (pk = "category-id"); the sort key sk is the event's version
/// (0, 1, ...), -1 for the stream's snapshot and -2 for its snapshot-due flag, so a Query on sk >= 0 sees events only.
/// </summary>
internal static class TableSchema
{
    public const string Pk = "pk";
    public const string Sk = "sk";

    public const long SnapshotSk = -1;
    public const long SnapshotDueSk = -2;

    // Event items.
    public const string EventId = "eventId";
    public const string Type = "type";
    public const string SchemaVersion = "schemaVersion";
    public const string Timestamp = "timestamp";
    public const string Data = "data";
    public const string CommandId = "commandId";
    public const string CorrelationId = "correlationId";
    public const string CausationId = "causationId";

    /// <summary>"CommandName:hash" of the request, on events of commands whose id the caller chose (optional).</summary>
    public const string Fingerprint = "fingerprint";
    public const string CommitFirst = "commitFirst";
    public const string CommitLast = "commitLast";

    // Snapshot and flag items.
    public const string Version = "version";
    public const string FlaggedAt = "flaggedAt";

    /// <summary>Sparse index over the version-0 items: gsi1pk = category, gsi1sk = stream id.</summary>
    public const string ByCategoryIndex = "by-category";
    public const string Gsi1Pk = "gsi1pk";
    public const string Gsi1Sk = "gsi1sk";

    /// <summary>Sparse index over the flag items: gsi2pk = "due#" + category, gsi2sk = flaggedAt + "#" + stream id.</summary>
    public const string SnapshotDueIndex = "snapshot-due";
    public const string Gsi2Pk = "gsi2pk";
    public const string Gsi2Sk = "gsi2sk";

    /// <summary>
    /// Sparse, KEYS_ONLY index over the event items: fpk = "feed#" + shard (a hash of the stream id modulo the shard
    /// count), fsk = the feed key (commit time # stream id # version). An entry is pk, sk, fpk and fsk: about 200 bytes,
    /// so the index write that each event adds is 1 WCU.
    /// </summary>
    public const string FeedIndex = "feed";
    public const string FeedPk = "fpk";
    public const string FeedSk = "fsk";

    // Subscription records (leases and checkpoints): pk = "~sub#" + subscription, sk = shard.
    public const string Owner = "owner";
    public const string LeaseToken = "token";
    public const string ExpiresAt = "expiresAt";
    public const string LeaseMillis = "leaseMs";
    public const string Checkpoint = "checkpoint";
    public const string CheckpointedAt = "checkpointedAt";

    // Projection rows: pk = "~proj#" + projection + "#" + bucket, sk = a 63-bit hash of the stream id.
    public const string StreamAttribute = "stream";
    public const string ChangedAt = "changedAt";
    public const string EventsApplied = "applied";

    public static string FeedPartition(int shard) => string.Create(CultureInfo.InvariantCulture, $"feed#{shard}");

    public static Dictionary<string, AttributeValue> Key(string pk, long sk) => new(2)
    {
        [Pk] = Text(pk),
        [Sk] = Number(sk),
    };

    public static AttributeValue Text(string value) => new() { S = value };

    public static AttributeValue Number(long value) => new() { N = value.ToString(CultureInfo.InvariantCulture) };

    public static long ReadLong(Dictionary<string, AttributeValue> item, string name) =>
        long.Parse(Get(item, name).N, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);

    public static string ReadString(Dictionary<string, AttributeValue> item, string name) =>
        Get(item, name).S ?? throw new InvalidDataException($"Attribute '{name}' is not a string.");

    /// <summary>UTC, round-trip, fixed width: sorts as text in time order.</summary>
    public static string FormatTime(DateTimeOffset time) => time.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    public static DateTimeOffset ParseTime(string text) =>
        DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).ToUniversalTime();

    private static AttributeValue Get(Dictionary<string, AttributeValue> item, string name) =>
        item.TryGetValue(name, out var value) ? value : throw new InvalidDataException($"The item has no attribute '{name}'.");
}
