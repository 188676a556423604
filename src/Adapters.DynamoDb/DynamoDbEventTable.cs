using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using static Adapters.DynamoDb.TableSchema;

namespace Adapters.DynamoDb;

/// <summary>Provisions the event table: on-demand billing, the key schema and both sparse indexes.</summary>
public sealed partial class DynamoDbEventTable
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);

    private readonly TableClient _table;
    private readonly ILogger<DynamoDbEventTable> _logger;

    public DynamoDbEventTable(
        IAmazonDynamoDB client, IOptions<DynamoDbOptions> options, DynamoDbCapacityMeter meter, ILogger<DynamoDbEventTable>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _table = new TableClient(client, meter, options.Value.TableName);
        _logger = logger ?? NullLogger<DynamoDbEventTable>.Instance;
    }

    public string TableName => _table.TableName;

    /// <summary>
    /// Creates the table if it is missing and waits until it and its indexes are ACTIVE. Safe to call from several
    /// processes at once. Fails if a table of that name exists without the indexes this adapter needs.
    /// </summary>
    public async Task EnsureTableAsync(CancellationToken cancellationToken = default)
    {
        var description = await DescribeAsync(cancellationToken).ConfigureAwait(false);
        if (description is null)
        {
            try
            {
                await _table.ControlAsync(Operations.Provision, (c, ct) => c.CreateTableAsync(CreateRequest(_table.TableName), ct), cancellationToken)
                    .ConfigureAwait(false);
                LogTableCreated(_table.TableName);
            }
            catch (ResourceInUseException)
            {
                // Another process created it first.
            }
        }

        else if (!(description.GlobalSecondaryIndexes ?? []).Any(i => i.IndexName == FeedIndex)
            && (description.GlobalSecondaryIndexes ?? []).Any(i => i.IndexName == ByCategoryIndex))
        {
            // A table made before the change feed: add its index (DynamoDB backfills it from the existing events that
            // carry feed keys; events written before this release carry none, see docs/feed.md).
            await _table.ControlAsync(Operations.Provision, (c, ct) => c.UpdateTableAsync(AddFeedIndexRequest(_table.TableName), ct), cancellationToken)
                .ConfigureAwait(false);
            LogFeedIndexAdded(_table.TableName);
        }

        while (true)
        {
            description = await DescribeAsync(cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"DynamoDB table {_table.TableName} disappeared while it was being created.");
            var indexes = description.GlobalSecondaryIndexes ?? [];
            foreach (var required in new[] { ByCategoryIndex, SnapshotDueIndex, FeedIndex })
            {
                if (!indexes.Any(i => i.IndexName == required))
                {
                    throw new InvalidOperationException(
                        $"DynamoDB table {_table.TableName} exists without the index '{required}'; it was not created by this adapter.");
                }
            }

            if (description.TableStatus == TableStatus.ACTIVE && indexes.All(i => i.IndexStatus == IndexStatus.ACTIVE))
            {
                return;
            }

            await Task.Delay(PollInterval, cancellationToken).ConfigureAwait(false);
        }
    }

    internal static CreateTableRequest CreateRequest(string tableName) => new()
    {
        TableName = tableName,
        BillingMode = BillingMode.PAY_PER_REQUEST,
        AttributeDefinitions =
        [
            new AttributeDefinition(Pk, ScalarAttributeType.S),
            new AttributeDefinition(Sk, ScalarAttributeType.N),
            new AttributeDefinition(Gsi1Pk, ScalarAttributeType.S),
            new AttributeDefinition(Gsi1Sk, ScalarAttributeType.S),
            new AttributeDefinition(Gsi2Pk, ScalarAttributeType.S),
            new AttributeDefinition(Gsi2Sk, ScalarAttributeType.S),
            new AttributeDefinition(FeedPk, ScalarAttributeType.S),
            new AttributeDefinition(FeedSk, ScalarAttributeType.S),
        ],
        KeySchema = [new KeySchemaElement(Pk, KeyType.HASH), new KeySchemaElement(Sk, KeyType.RANGE)],
        GlobalSecondaryIndexes =
        [
            new GlobalSecondaryIndex
            {
                IndexName = ByCategoryIndex,
                KeySchema = [new KeySchemaElement(Gsi1Pk, KeyType.HASH), new KeySchemaElement(Gsi1Sk, KeyType.RANGE)],
                Projection = new Projection { ProjectionType = ProjectionType.ALL },
            },
            new GlobalSecondaryIndex
            {
                IndexName = SnapshotDueIndex,
                KeySchema = [new KeySchemaElement(Gsi2Pk, KeyType.HASH), new KeySchemaElement(Gsi2Sk, KeyType.RANGE)],
                Projection = new Projection { ProjectionType = ProjectionType.ALL },
            },
            FeedIndexDefinition(),
        ],
    };

    internal static UpdateTableRequest AddFeedIndexRequest(string tableName) => new()
    {
        TableName = tableName,
        AttributeDefinitions = [new AttributeDefinition(FeedPk, ScalarAttributeType.S), new AttributeDefinition(FeedSk, ScalarAttributeType.S)],
        GlobalSecondaryIndexUpdates =
        [
            new GlobalSecondaryIndexUpdate
            {
                Create = new CreateGlobalSecondaryIndexAction
                {
                    IndexName = FeedIndex,
                    KeySchema = [new KeySchemaElement(FeedPk, KeyType.HASH), new KeySchemaElement(FeedSk, KeyType.RANGE)],
                    Projection = new Projection { ProjectionType = ProjectionType.KEYS_ONLY },
                },
            },
        ],
    };

    private static GlobalSecondaryIndex FeedIndexDefinition() => new()
    {
        IndexName = FeedIndex,
        KeySchema = [new KeySchemaElement(FeedPk, KeyType.HASH), new KeySchemaElement(FeedSk, KeyType.RANGE)],
        Projection = new Projection { ProjectionType = ProjectionType.KEYS_ONLY },
    };

    private async Task<TableDescription?> DescribeAsync(CancellationToken cancellationToken)
    {
        try
        {
            var response = await _table.ControlAsync(
                Operations.Provision, (c, ct) => c.DescribeTableAsync(new DescribeTableRequest { TableName = _table.TableName }, ct), cancellationToken)
                .ConfigureAwait(false);
            return response.Table;
        }
        catch (ResourceNotFoundException)
        {
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Added the change feed index to DynamoDB table {Table}")]
    private partial void LogFeedIndexAdded(string table);

    [LoggerMessage(Level = LogLevel.Information, Message = "Created DynamoDB table {Table}")]
    private partial void LogTableCreated(string table);
}
