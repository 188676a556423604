using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using EventSourcing;
using Microsoft.Extensions.Options;
using static Adapters.DynamoDb.TableSchema;

namespace Adapters.DynamoDb;

/// <summary>
/// The change feed on the sparse KEYS_ONLY index "feed": one Query per page of a shard, in feed key order. A GSI read
/// is eventually consistent (DynamoDB offers nothing else on a GSI): entries may show up late, which the feed
/// processor's overlap, sweep and per-stream catch-up absorb.
/// </summary>
internal sealed class DynamoDbEventFeed : IEventFeed
{
    private readonly TableClient _table;

    public DynamoDbEventFeed(IAmazonDynamoDB client, IOptions<DynamoDbOptions> options, DynamoDbCapacityMeter meter)
        : this(client, options.Value.TableName, meter, options.Value.FeedShards)
    {
    }

    internal DynamoDbEventFeed(IAmazonDynamoDB client, string tableName, DynamoDbCapacityMeter meter, int shards)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(shards, 1);
        _table = new TableClient(client, meter, tableName);
        Shards = shards;
    }

    public int Shards { get; }

    public async Task<FeedPage> ReadAsync(int shard, string after, int maxCount, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(shard);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(shard, Shards);
        ArgumentNullException.ThrowIfNull(after);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        var values = new Dictionary<string, AttributeValue> { [":p"] = Text(FeedPartition(shard)) };
        var condition = "#p = :p";
        if (after.Length > 0)
        {
            values[":a"] = Text(after);
            condition += " AND #s > :a";
        }

        var response = await _table.QueryAsync(
            Operations.Feed,
            new QueryRequest
            {
                IndexName = FeedIndex,
                KeyConditionExpression = condition,
                ExpressionAttributeNames = after.Length > 0 ? new() { ["#p"] = FeedPk, ["#s"] = FeedSk } : new() { ["#p"] = FeedPk },
                ExpressionAttributeValues = values,
                Limit = maxCount,
            },
            cancellationToken).ConfigureAwait(false);
        var entries = (response.Items ?? [])
            .Select(item => new FeedEntry(StreamId.Parse(ReadString(item, Pk)), ReadLong(item, Sk), ReadString(item, FeedSk)))
            .ToList();
        return new FeedPage(entries, response.LastEvaluatedKey is { Count: > 0 });
    }
}
