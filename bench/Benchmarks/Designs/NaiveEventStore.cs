using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using EventSourcing;
using static Benchmarks.Designs.Items;

namespace Benchmarks.Designs;

/// <summary>
/// The naive design of the classic blog series on a Go event store on DynamoDB, done competently: one item per event
/// (pk = stream id, sk = version), appended with a PutItem conditioned on attribute_not_exists (a transaction of such
/// puts for a multi-event commit, so it stays atomic), conflicts answered from ReturnValuesOnConditionCheckFailure
/// without another read, strongly consistent paged reads. Snapshots are rows in the same partition (only the newest is
/// kept, sk = -1), and a load queries the whole partition with a FilterExpression hiding the snapshot rows: DynamoDB
/// bills a filtered Query for every item it reads, so a load costs the whole stream however recent the snapshot.
/// What it does not do, as in the original: guard an append against an expected version past the head (a gap).
/// </summary>
internal sealed class NaiveEventStore(IAmazonDynamoDB client, string tableName) : IEventStore
{
    public const string Pk = "pk";
    public const string Sk = "sk";
    public const long SnapshotSk = -1;

    private const string Kind = "kind";
    private const string EventKind = "event";
    private const string SnapshotKind = "snapshot";

    /// <summary>The benchmark compares single-stream commands only; this design is not given multi-stream commits.</summary>
    public Task<MultiAppendResult> AppendAsync(IReadOnlyList<StreamAppend> commit, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("The benchmark designs measure single-stream appends only.");

    public async Task<AppendResult> AppendAsync(
        StreamId stream, ExpectedVersion expected, IReadOnlyList<EventData> events, CancellationToken cancellationToken = default)
    {
        CommitRules.Validate(events);
        var first = expected.Value + 1;
        var items = events.Select((e, i) => EventItem(stream, first + i, e)).ToList();
        var commandId = events[0].Metadata.CommandId;
        var names = new Dictionary<string, string> { ["#pk"] = Pk };
        if (items.Count == 1)
        {
            try
            {
                await client.PutItemAsync(
                    new PutItemRequest
                    {
                        TableName = tableName,
                        Item = items[0],
                        ConditionExpression = "attribute_not_exists(#pk)",
                        ExpressionAttributeNames = names,
                        ReturnValuesOnConditionCheckFailure = ReturnValuesOnConditionCheckFailure.ALL_OLD,
                        ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL,
                    },
                    cancellationToken).ConfigureAwait(false);
            }
            catch (ConditionalCheckFailedException ex)
            {
                return Resolve(stream, expected, commandId, ex.Item);
            }
        }
        else
        {
            try
            {
                await client.TransactWriteItemsAsync(
                    new TransactWriteItemsRequest
                    {
                        TransactItems = items.Select(item => new TransactWriteItem
                        {
                            Put = new Put
                            {
                                TableName = tableName,
                                Item = item,
                                ConditionExpression = "attribute_not_exists(#pk)",
                                ExpressionAttributeNames = names,
                                ReturnValuesOnConditionCheckFailure = ReturnValuesOnConditionCheckFailure.ALL_OLD,
                            },
                        }).ToList(),
                        ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL,
                    },
                    cancellationToken).ConfigureAwait(false);
            }
            catch (TransactionCanceledException ex) when (ex.CancellationReasons?.Any(r => r.Code == "ConditionalCheckFailed") == true)
            {
                var failed = ex.CancellationReasons.First(r => r.Code == "ConditionalCheckFailed");
                return Resolve(stream, expected, commandId, failed.Item);
            }
        }

        return new AppendResult.Appended(first, first + items.Count - 1);
    }

    public async Task<EventPage> ReadAsync(
        StreamId stream, long fromVersion, int maxCount, string? continuationToken = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(fromVersion, 0);
        var from = continuationToken is null ? fromVersion : ReadVersionToken(continuationToken, stream);
        var items = new List<Dictionary<string, AttributeValue>>();
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            var response = await client.QueryAsync(
                new QueryRequest
                {
                    TableName = tableName,
                    KeyConditionExpression = "#pk = :pk AND #sk >= :from",
                    ExpressionAttributeNames = new Dictionary<string, string> { ["#pk"] = Pk, ["#sk"] = Sk },
                    ExpressionAttributeValues = new Dictionary<string, AttributeValue> { [":pk"] = Str(stream.ToString()), [":from"] = Num(from) },
                    ConsistentRead = true,
                    Limit = maxCount + 1 - items.Count,
                    ExclusiveStartKey = start,
                    ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL,
                },
                cancellationToken).ConfigureAwait(false);
            items.AddRange(response.Items ?? []);
            start = response.LastEvaluatedKey is { Count: > 0 } next ? next : null;
        }
        while (start is not null && items.Count <= maxCount);

        var page = items.Take(maxCount).Select(item => ToEnvelope(stream, item)).ToList();
        return new EventPage(page, items.Count > maxCount ? VersionToken(stream, page[^1].Version + 1) : null);
    }

    public async Task<LoadedStream> LoadAsync(StreamId stream, int snapshotSchemaVersion, CancellationToken cancellationToken = default)
    {
        var events = new List<EventEnvelope>();
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            // The whole partition, 1 MB a page; the filter hides the snapshot rows but they, and every event, are billed.
            var response = await client.QueryAsync(
                new QueryRequest
                {
                    TableName = tableName,
                    KeyConditionExpression = "#pk = :pk",
                    FilterExpression = "#kind = :event",
                    ExpressionAttributeNames = new Dictionary<string, string> { ["#pk"] = Pk, ["#kind"] = Kind },
                    ExpressionAttributeValues = new Dictionary<string, AttributeValue> { [":pk"] = Str(stream.ToString()), [":event"] = Str(EventKind) },
                    ConsistentRead = true,
                    ExclusiveStartKey = start,
                    ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL,
                },
                cancellationToken).ConfigureAwait(false);
            events.AddRange((response.Items ?? []).Select(item => ToEnvelope(stream, item)));
            start = response.LastEvaluatedKey is { Count: > 0 } next ? next : null;
        }
        while (start is not null);

        return new LoadedStream(stream, events.Count > 0 ? events[^1].Version : ExpectedVersion.NoStreamVersion, null, events);
    }

    public async Task<bool> WriteSnapshotAsync(StreamId stream, Snapshot snapshot, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        try
        {
            await client.PutItemAsync(
                new PutItemRequest
                {
                    TableName = tableName,
                    Item = SnapshotItem(stream, snapshot),
                    ConditionExpression = "attribute_not_exists(#pk) OR #version < :version",
                    ExpressionAttributeNames = new Dictionary<string, string> { ["#pk"] = Pk, ["#version"] = "version" },
                    ExpressionAttributeValues = new Dictionary<string, AttributeValue> { [":version"] = Num(snapshot.Version) },
                    ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL,
                },
                cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (ConditionalCheckFailedException)
        {
            return false;
        }
    }

    /// <summary>Not part of the comparison: listing needs an index of its own in any design, and no workload lists.</summary>
    public Task<StreamPage> ListStreamsAsync(
        string category, int pageSize, string? continuationToken = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("The naive baseline does not list streams; no benchmark workload does.");

    public static Dictionary<string, AttributeValue> EventItem(StreamId stream, long version, EventData e) => new()
    {
        [Pk] = Str(stream.ToString()),
        [Sk] = Num(version),
        [Kind] = Str(EventKind),
        ["eventId"] = Str(e.EventId.ToString()),
        ["type"] = Str(e.Type),
        ["schemaVersion"] = Num(e.SchemaVersion),
        ["timestamp"] = Str(FormatTime(e.Timestamp)),
        ["data"] = Str(e.Payload),
        ["commandId"] = Str(e.Metadata.CommandId.ToString()),
        ["correlationId"] = Str(e.Metadata.CorrelationId.ToString()),
        ["causationId"] = Str(e.Metadata.CausationId.ToString()),
    };

    public static Dictionary<string, AttributeValue> SnapshotItem(StreamId stream, Snapshot snapshot) => new()
    {
        [Pk] = Str(stream.ToString()),
        [Sk] = Num(SnapshotSk),
        [Kind] = Str(SnapshotKind),
        ["version"] = Num(snapshot.Version),
        ["schemaVersion"] = Num(snapshot.SchemaVersion),
        ["timestamp"] = Str(FormatTime(snapshot.Timestamp)),
        ["data"] = Str(snapshot.Payload),
    };

    private static EventEnvelope ToEnvelope(StreamId stream, Dictionary<string, AttributeValue> item) => new(
        Guid.Parse(Text(item, "eventId")),
        stream,
        Long(item, Sk),
        Text(item, "type"),
        (int)Long(item, "schemaVersion"),
        ParseTime(Text(item, "timestamp")),
        Text(item, "data"),
        new EventMetadata(Guid.Parse(Text(item, "commandId")), Guid.Parse(Text(item, "correlationId")), Guid.Parse(Text(item, "causationId"))));

    /// <summary>The item that beat us is the next event: our own earlier write (a repeat), or another command's.</summary>
    private static AppendResult Resolve(StreamId stream, ExpectedVersion expected, Guid commandId, Dictionary<string, AttributeValue>? winner)
    {
        if (winner is not { Count: > 0 })
        {
            return new AppendResult.Conflict(expected, expected.Value + 1, []);
        }

        var envelope = ToEnvelope(stream, winner);
        return envelope.Metadata.CommandId == commandId
            ? new AppendResult.AlreadyApplied(envelope.Version, envelope.Version)
            : new AppendResult.Conflict(expected, envelope.Version, envelope.Version == expected.Value + 1 ? [envelope] : []);
    }
}
