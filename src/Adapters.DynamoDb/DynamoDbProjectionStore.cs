using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using EventSourcing;
using Microsoft.Extensions.Options;
using static Adapters.DynamoDb.TableSchema;

namespace Adapters.DynamoDb;

/// <summary>
/// Projection rows in the event table: pk = "~proj#" + projection + "#" + bucket (16 buckets by a hash of the stream
/// id, so a projection's writes spread over 16 partitions and its rows can be listed without a scan), sk = a 63-bit
/// hash of the stream id; the item keeps the stream id, checked on every read. Writes are PutItems conditioned on the
/// version the caller read.
/// </summary>
internal sealed class DynamoDbProjectionStore : IProjectionStore
{
    public const int Buckets = 16;
    private const int MaxBatchGet = 100;

    private readonly TableClient _table;

    public DynamoDbProjectionStore(IAmazonDynamoDB client, IOptions<DynamoDbOptions> options, DynamoDbCapacityMeter meter)
        : this(client, options.Value.TableName, meter)
    {
    }

    internal DynamoDbProjectionStore(IAmazonDynamoDB client, string tableName, DynamoDbCapacityMeter meter)
    {
        _table = new TableClient(client, meter, tableName);
    }

    public async Task<ProjectionRow?> GetAsync(string projection, StreamId stream, CancellationToken cancellationToken = default)
    {
        var response = await _table.GetItemAsync(
            Operations.Projection, new GetItemRequest { Key = RowKey(projection, stream), ConsistentRead = true }, cancellationToken).ConfigureAwait(false);
        return response.Item is { Count: > 0 } item ? ToRow(item, stream) : null;
    }

    public async Task<IReadOnlyList<ProjectionRow>> GetManyAsync(
        string projection, IReadOnlyList<StreamId> streams, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(streams);
        var rows = new List<ProjectionRow>(streams.Count);
        foreach (var chunk in streams.Distinct().Chunk(MaxBatchGet))
        {
            var wanted = chunk.ToDictionary(s => RowKey(projection, s)[Sk].N, s => s);
            var keys = chunk.Select(s => RowKey(projection, s)).ToList();
            while (keys.Count > 0)
            {
                var response = await _table.BatchGetItemAsync(
                    Operations.Projection,
                    new BatchGetItemRequest { RequestItems = new() { [_table.TableName] = new KeysAndAttributes { Keys = keys, ConsistentRead = true } } },
                    cancellationToken).ConfigureAwait(false);
                foreach (var item in response.Responses?.GetValueOrDefault(_table.TableName) ?? [])
                {
                    rows.Add(ToRow(item, wanted[item[Sk].N]));
                }

                keys = response.UnprocessedKeys?.GetValueOrDefault(_table.TableName)?.Keys ?? [];
            }
        }

        return rows;
    }

    public async Task<bool> TryWriteAsync(string projection, ProjectionRow row, long expectedVersion, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(row);
        var item = RowKey(projection, row.Stream);
        item[StreamAttribute] = Text(row.Stream.ToString());
        item[TableSchema.Version] = Number(row.Version);
        item[ChangedAt] = Text(FormatTime(row.ChangedAt));
        item[EventsApplied] = Number(row.EventsApplied);
        item[Data] = Text(row.Data);
        var request = expectedVersion < 0
            ? new PutItemRequest
            {
                Item = item,
                ConditionExpression = "attribute_not_exists(#pk)",
                ExpressionAttributeNames = new() { ["#pk"] = Pk },
            }
            : new PutItemRequest
            {
                Item = item,
                ConditionExpression = "#v = :v AND #s = :s",
                ExpressionAttributeNames = new() { ["#v"] = TableSchema.Version, ["#s"] = StreamAttribute },
                ExpressionAttributeValues = new() { [":v"] = Number(expectedVersion), [":s"] = Text(row.Stream.ToString()) },
            };
        try
        {
            await _table.PutItemAsync(Operations.Projection, request, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (ConditionalCheckFailedException)
        {
            return false;
        }
    }

    public async Task<ProjectionRowPage> ListAsync(
        string projection, int pageSize, string? continuationToken = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        var (bucket, afterSk) = ParseToken(continuationToken);
        var rows = new List<ProjectionRow>(pageSize);
        while (bucket < Buckets)
        {
            var values = new Dictionary<string, AttributeValue> { [":pk"] = Text(Partition(projection, bucket)) };
            var condition = "#pk = :pk";
            if (afterSk is { } sk)
            {
                values[":sk"] = Number(sk);
                condition += " AND #sk > :sk";
            }

            var items = await _table.QueryAllAsync(
                Operations.Projection,
                new QueryRequest
                {
                    KeyConditionExpression = condition,
                    ExpressionAttributeNames = afterSk is null ? new() { ["#pk"] = Pk } : new() { ["#pk"] = Pk, ["#sk"] = Sk },
                    ExpressionAttributeValues = values,
                    ConsistentRead = true,
                },
                pageSize - rows.Count + 1,
                cancellationToken).ConfigureAwait(false);
            foreach (var item in items.Take(pageSize - rows.Count))
            {
                rows.Add(ToRow(item, StreamId.Parse(ReadString(item, StreamAttribute))));
            }

            if (rows.Count == pageSize)
            {
                var more = items.Count > rows.Count || bucket < Buckets - 1;
                return new ProjectionRowPage(rows, more ? string.Create(CultureInfo.InvariantCulture, $"{bucket}:{ReadLong(LastKey(projection, rows[^1]), Sk)}") : null);
            }

            bucket++;
            afterSk = null;
        }

        return new ProjectionRowPage(rows, null);
    }

    public async Task DeleteAllAsync(string projection, CancellationToken cancellationToken = default)
    {
        string? token = null;
        do
        {
            var page = await ListAsync(projection, 500, token, cancellationToken).ConfigureAwait(false);
            foreach (var row in page.Rows)
            {
                await _table.DeleteItemAsync(Operations.Projection, new DeleteItemRequest { Key = RowKey(projection, row.Stream) }, cancellationToken)
                    .ConfigureAwait(false);
            }

            token = page.ContinuationToken;
        }
        while (token is not null);
    }

    internal static Dictionary<string, AttributeValue> RowKey(string projection, StreamId stream)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(stream.ToString()), hash);
        var sk = (long)(BitConverter.ToUInt64(hash[8..]) & long.MaxValue);
        return Key(Partition(projection, (int)(BitConverter.ToUInt32(hash) % Buckets)), sk);
    }

    private static Dictionary<string, AttributeValue> LastKey(string projection, ProjectionRow row) => RowKey(projection, row.Stream);

    private static string Partition(string projection, int bucket) => string.Create(CultureInfo.InvariantCulture, $"~proj#{projection}#{bucket}");

    private static (int Bucket, long? AfterSk) ParseToken(string? token)
    {
        if (token is null)
        {
            return (0, null);
        }

        var parts = token.Split(':');
        if (parts.Length != 2 || !int.TryParse(parts[0], CultureInfo.InvariantCulture, out var bucket) || bucket is < 0 or >= Buckets
            || !long.TryParse(parts[1], CultureInfo.InvariantCulture, out var sk))
        {
            throw new InvalidContinuationTokenException("The continuation token is not one this store issued.");
        }

        return (bucket, sk);
    }

    private static ProjectionRow ToRow(Dictionary<string, AttributeValue> item, StreamId expected)
    {
        var stream = StreamId.Parse(ReadString(item, StreamAttribute));
        if (stream != expected)
        {
            throw new InvalidDataException($"Projection rows of {stream} and {expected} share a key (a 63-bit hash collision).");
        }

        return new ProjectionRow(stream, ReadLong(item, TableSchema.Version), ParseTime(ReadString(item, ChangedAt)), ReadLong(item, EventsApplied), ReadString(item, Data));
    }
}
