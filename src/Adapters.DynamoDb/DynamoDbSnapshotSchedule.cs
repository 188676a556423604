using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using EventSourcing;
using Microsoft.Extensions.Options;
using static Adapters.DynamoDb.TableSchema;

namespace Adapters.DynamoDb;

/// <summary>
/// Snapshot-due flags as one item per stream (sk = -2) in the stream's own partition, listed through the sparse
/// "snapshot-due" index (oldest flag first) so that the worker never scans the table. The index is eventually
/// consistent: a flag raised a moment ago may be listed on the next round.
/// </summary>
internal sealed class DynamoDbSnapshotSchedule : ISnapshotSchedule
{
    private const string DuePrefix = "due#";

    private readonly TableClient _table;
    private readonly TimeProvider _clock;

    public DynamoDbSnapshotSchedule(IAmazonDynamoDB client, IOptions<DynamoDbOptions> options, DynamoDbCapacityMeter meter, TimeProvider? clock = null)
        : this(client, options.Value.TableName, meter, clock)
    {
    }

    internal DynamoDbSnapshotSchedule(IAmazonDynamoDB client, string tableName, DynamoDbCapacityMeter meter, TimeProvider? clock = null)
    {
        _table = new TableClient(client, meter, tableName);
        _clock = clock ?? TimeProvider.System;
    }

    public async Task FlagAsync(StreamId stream, long version, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(version);
        var flaggedAt = FormatTime(_clock.GetUtcNow());
        var request = new UpdateItemRequest
        {
            Key = Key(stream.ToString(), SnapshotDueSk),
            // A re-flag at a newer version keeps the flag's first time (and so its place in the oldest-first index):
            // a busy stream is re-flagged every K events and must not go to the back of the queue each time.
            UpdateExpression =
                "SET #version = :version, #flaggedAt = if_not_exists(#flaggedAt, :flaggedAt), #gsi2pk = :due, #gsi2sk = if_not_exists(#gsi2sk, :order)",
            ConditionExpression = "attribute_not_exists(#pk) OR #version < :version",
            ExpressionAttributeNames = new Dictionary<string, string>
            {
                ["#pk"] = Pk,
                ["#version"] = TableSchema.Version,
                ["#flaggedAt"] = FlaggedAt,
                ["#gsi2pk"] = Gsi2Pk,
                ["#gsi2sk"] = Gsi2Sk,
            },
            ExpressionAttributeValues = new Dictionary<string, AttributeValue>
            {
                [":version"] = Number(version),
                [":flaggedAt"] = Text(flaggedAt),
                [":due"] = Text(DuePrefix + stream.Category),
                [":order"] = Text(flaggedAt + "#" + stream),
            },
        };
        try
        {
            await _table.UpdateItemAsync(Operations.Schedule, request, cancellationToken).ConfigureAwait(false);
        }
        catch (ConditionalCheckFailedException)
        {
            // A flag at the same or a newer version is already there; it stays, with its older (earlier-served) time.
        }
    }

    public async Task<IReadOnlyList<SnapshotDue>> ListDueAsync(string category, int max, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(category);
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        var items = await _table.QueryAllAsync(
            Operations.Schedule,
            new QueryRequest
            {
                IndexName = SnapshotDueIndex,
                KeyConditionExpression = "#gsi2pk = :due",
                ExpressionAttributeNames = new Dictionary<string, string> { ["#gsi2pk"] = Gsi2Pk },
                ExpressionAttributeValues = new Dictionary<string, AttributeValue> { [":due"] = Text(DuePrefix + category) },
                ScanIndexForward = true,
            },
            max,
            cancellationToken).ConfigureAwait(false);
        return items
            .Select(item => new SnapshotDue(StreamId.Parse(ReadString(item, Pk)), ReadLong(item, TableSchema.Version), ParseTime(ReadString(item, FlaggedAt))))
            .ToList();
    }

    public async Task ClearAsync(StreamId stream, long snapshotVersion, CancellationToken cancellationToken = default)
    {
        var request = new DeleteItemRequest
        {
            Key = Key(stream.ToString(), SnapshotDueSk),
            ConditionExpression = "#version <= :version",
            ExpressionAttributeNames = new Dictionary<string, string> { ["#version"] = TableSchema.Version },
            ExpressionAttributeValues = new Dictionary<string, AttributeValue> { [":version"] = Number(snapshotVersion) },
        };
        try
        {
            await _table.DeleteItemAsync(Operations.Schedule, request, cancellationToken).ConfigureAwait(false);
        }
        catch (ConditionalCheckFailedException)
        {
            // No flag, or one raised after this snapshot by a newer commit: it stays for the next round.
        }
    }
}
