using System.Collections.Concurrent;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using EventSourcing;
using static Benchmarks.Designs.Items;

namespace Benchmarks.Designs;

/// <summary>
/// The tip design, in the spirit of Equinox's DynamoStore, done competently: a load is one strongly consistent GetItem
/// of the tip (plus a batch item only when the snapshot is older than the tip's first event); an append is one
/// UpdateItem conditioned on the tip's next version, which rewrites the tip and is billed on the whole item; past 32 KB
/// the older events move out to a batch item in the same transaction (see <see cref="TipLayout"/>). A conflict
/// returns the current tip (ReturnValuesOnConditionCheckFailure), so the caller gets the winning events without another
/// read, as Equinox resyncs from the tip. Like Equinox, it remembers the last tip it saw per stream to plan the move-out.
/// </summary>
internal sealed class TipEventStore(IAmazonDynamoDB client, string tableName) : IEventStore
{
    private const int MaxRememberedTips = 10_000;
    private const int MaxTransactionAttempts = 3;

    private readonly ConcurrentDictionary<string, TipImage> _tips = new(StringComparer.Ordinal);

    /// <summary>The benchmark compares single-stream commands only; this design is not given multi-stream commits.</summary>
    public Task<MultiAppendResult> AppendAsync(IReadOnlyList<StreamAppend> commit, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("The benchmark designs measure single-stream appends only.");

    public async Task<AppendResult> AppendAsync(
        StreamId stream, ExpectedVersion expected, IReadOnlyList<EventData> events, CancellationToken cancellationToken = default)
    {
        CommitRules.Validate(events);
        var pk = stream.ToString();
        var added = events.Select(TipLayout.EventValue).ToList();
        var commandId = events[0].Metadata.CommandId;
        TipImage? known = null;
        if (_tips.TryGetValue(pk, out var seen) && seen.Next == expected.Value + 1)
        {
            var (next, batch) = TipLayout.Append(seen, added, pk);
            if (batch is not null)
            {
                return await CalveAsync(stream, expected, next, batch, commandId, cancellationToken).ConfigureAwait(false);
            }

            known = next;
        }

        var request = new UpdateItemRequest
        {
            TableName = tableName,
            Key = TipKey(pk),
            ExpressionAttributeNames = new Dictionary<string, string>
            {
                ["#pk"] = TipLayout.Pk, ["#e"] = TipLayout.EventsName, ["#n"] = TipLayout.NextName, ["#b"] = TipLayout.BaseName,
            },
            // The new tip is known when the old one was: then there is no need to have it sent back.
            ReturnValues = known is null ? ReturnValue.ALL_NEW : ReturnValue.NONE,
            ReturnValuesOnConditionCheckFailure = ReturnValuesOnConditionCheckFailure.ALL_OLD,
            ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL,
        };
        if (expected.IsNoStream)
        {
            request.UpdateExpression = "SET #e = :added, #n = :next, #b = :zero";
            request.ConditionExpression = "attribute_not_exists(#pk)";
            request.ExpressionAttributeValues = new Dictionary<string, AttributeValue>
            {
                [":added"] = ListOf(added), [":next"] = Num(added.Count), [":zero"] = Num(0),
            };
        }
        else
        {
            request.UpdateExpression = "SET #e = list_append(#e, :added), #n = :next";
            request.ConditionExpression = "#n = :expected";
            request.ExpressionAttributeNames.Remove("#b");
            request.ExpressionAttributeNames.Remove("#pk");
            request.ExpressionAttributeValues = new Dictionary<string, AttributeValue>
            {
                [":added"] = ListOf(added), [":next"] = Num(expected.Value + 1 + added.Count), [":expected"] = Num(expected.Value + 1),
            };
        }

        try
        {
            var response = await client.UpdateItemAsync(request, cancellationToken).ConfigureAwait(false);
            Remember(pk, known ?? TipImage.FromItem(response.Attributes));
            return new AppendResult.Appended(expected.Value + 1, expected.Value + added.Count);
        }
        catch (ConditionalCheckFailedException ex)
        {
            return Resolve(stream, expected, commandId, ex.Item);
        }
    }

    public async Task<LoadedStream> LoadAsync(StreamId stream, int snapshotSchemaVersion, CancellationToken cancellationToken = default)
    {
        var pk = stream.ToString();
        var response = await client.GetItemAsync(
            new GetItemRequest { TableName = tableName, Key = TipKey(pk), ConsistentRead = true, ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL },
            cancellationToken).ConfigureAwait(false);
        if (response.Item is not { Count: > 0 } item)
        {
            return new LoadedStream(stream, ExpectedVersion.NoStreamVersion, null, []);
        }

        var tip = TipImage.FromItem(item);
        Remember(pk, tip);
        var snapshot = tip.Snapshot is { } u ? TipLayout.ToSnapshot(u) : null;
        if (snapshot is not null && snapshot.SchemaVersion != snapshotSchemaVersion)
        {
            snapshot = null;
        }

        var from = snapshot is null ? 0 : snapshot.Version + 1;
        var events = new List<EventEnvelope>();
        if (from < tip.Base)
        {
            events.AddRange(await ReadBatchesAsync(stream, from, tip.Base - 1, cancellationToken).ConfigureAwait(false));
        }

        events.AddRange(TipEvents(stream, tip).Where(e => e.Version >= from));
        return new LoadedStream(stream, tip.Next - 1, snapshot, events);
    }

    public async Task<bool> WriteSnapshotAsync(StreamId stream, Snapshot snapshot, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var pk = stream.ToString();
        try
        {
            // The snapshot lives in the tip, so writing it rewrites (and is billed on) the whole tip, as in Equinox.
            var response = await client.UpdateItemAsync(
                new UpdateItemRequest
                {
                    TableName = tableName,
                    Key = TipKey(pk),
                    UpdateExpression = "SET #u = :u",
                    ConditionExpression = "attribute_exists(#pk) AND #n > :v AND (attribute_not_exists(#u) OR #u.#v < :v)",
                    ExpressionAttributeNames = new Dictionary<string, string>
                    {
                        ["#pk"] = TipLayout.Pk, ["#u"] = TipLayout.SnapshotName, ["#n"] = TipLayout.NextName, ["#v"] = "v",
                    },
                    ExpressionAttributeValues = new Dictionary<string, AttributeValue>
                    {
                        [":u"] = TipLayout.SnapshotValue(snapshot), [":v"] = Num(snapshot.Version),
                    },
                    ReturnValues = ReturnValue.ALL_NEW,
                    ReturnValuesOnConditionCheckFailure = ReturnValuesOnConditionCheckFailure.ALL_OLD,
                    ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL,
                },
                cancellationToken).ConfigureAwait(false);
            Remember(pk, TipImage.FromItem(response.Attributes));
            return true;
        }
        catch (ConditionalCheckFailedException ex)
        {
            if (ex.Item is not { Count: > 0 } old || Long(old, TipLayout.NextName) <= snapshot.Version)
            {
                throw new ArgumentOutOfRangeException(nameof(snapshot), snapshot.Version, $"{stream} has no event at that version.");
            }

            Remember(pk, TipImage.FromItem(old));
            return false;
        }
    }

    /// <summary>History is not benchmarked: it reads the whole partition and pages in memory.</summary>
    public async Task<EventPage> ReadAsync(
        StreamId stream, long fromVersion, int maxCount, string? continuationToken = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(fromVersion, 0);
        var from = continuationToken is null ? fromVersion : ReadVersionToken(continuationToken, stream);
        var all = new List<EventEnvelope>();
        TipImage? tip = null;
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            var response = await client.QueryAsync(
                new QueryRequest
                {
                    TableName = tableName,
                    KeyConditionExpression = "#pk = :pk",
                    ExpressionAttributeNames = new Dictionary<string, string> { ["#pk"] = TipLayout.Pk },
                    ExpressionAttributeValues = new Dictionary<string, AttributeValue> { [":pk"] = Str(stream.ToString()) },
                    ConsistentRead = true,
                    ExclusiveStartKey = start,
                    ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL,
                },
                cancellationToken).ConfigureAwait(false);
            foreach (var item in response.Items ?? [])
            {
                if (Long(item, TipLayout.Sk) == TipLayout.TipSk)
                {
                    tip = TipImage.FromItem(item);
                }
                else
                {
                    all.AddRange(BatchEvents(stream, item));
                }
            }

            start = response.LastEvaluatedKey is { Count: > 0 } next ? next : null;
        }
        while (start is not null);

        if (tip is not null)
        {
            all.AddRange(TipEvents(stream, tip));
        }

        var page = all.Where(e => e.Version >= from).Take(maxCount + 1).ToList();
        return page.Count > maxCount
            ? new EventPage(page.Take(maxCount).ToList(), VersionToken(stream, page[maxCount - 1].Version + 1))
            : new EventPage(page, null);
    }

    /// <summary>Not part of the comparison: listing needs an index of its own in any design, and no workload lists.</summary>
    public Task<StreamPage> ListStreamsAsync(
        string category, int pageSize, string? continuationToken = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("The tip baseline does not list streams; no benchmark workload does.");

    private static Dictionary<string, AttributeValue> TipKey(string pk) => new()
    {
        [TipLayout.Pk] = Str(pk),
        [TipLayout.Sk] = Num(TipLayout.TipSk),
    };

    private static IEnumerable<EventEnvelope> TipEvents(StreamId stream, TipImage tip) =>
        tip.Events.Select((e, i) => TipLayout.ToEnvelope(stream, tip.Base + i, e));

    private static IEnumerable<EventEnvelope> BatchEvents(StreamId stream, Dictionary<string, AttributeValue> batch)
    {
        var first = Long(batch, TipLayout.Sk);
        return batch[TipLayout.EventsName].L.Select((e, i) => TipLayout.ToEnvelope(stream, first + i, e));
    }

    private async Task<AppendResult> CalveAsync(
        StreamId stream, ExpectedVersion expected, TipImage next, Dictionary<string, AttributeValue> batch, Guid commandId, CancellationToken cancellationToken)
    {
        var pk = stream.ToString();
        var request = new TransactWriteItemsRequest
        {
            TransactItems =
            [
                new TransactWriteItem
                {
                    Put = new Put
                    {
                        TableName = tableName,
                        Item = batch,
                        ConditionExpression = "attribute_not_exists(#pk)",
                        ExpressionAttributeNames = new Dictionary<string, string> { ["#pk"] = TipLayout.Pk },
                    },
                },
                new TransactWriteItem
                {
                    Update = new Update
                    {
                        TableName = tableName,
                        Key = TipKey(pk),
                        UpdateExpression = "SET #e = :events, #n = :next, #b = :base",
                        ConditionExpression = "#n = :expected",
                        ExpressionAttributeNames = new Dictionary<string, string>
                        {
                            ["#e"] = TipLayout.EventsName, ["#n"] = TipLayout.NextName, ["#b"] = TipLayout.BaseName,
                        },
                        ExpressionAttributeValues = new Dictionary<string, AttributeValue>
                        {
                            [":events"] = ListOf([.. next.Events]), [":next"] = Num(next.Next), [":base"] = Num(next.Base), [":expected"] = Num(expected.Value + 1),
                        },
                        ReturnValuesOnConditionCheckFailure = ReturnValuesOnConditionCheckFailure.ALL_OLD,
                    },
                },
            ],
            ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL,
        };

        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await client.TransactWriteItemsAsync(request, cancellationToken).ConfigureAwait(false);
                Remember(pk, next);
                return new AppendResult.Appended(expected.Value + 1, next.Next - 1);
            }
            catch (TransactionCanceledException ex) when (IsConditionFailure(ex, 1))
            {
                return Resolve(stream, expected, commandId, ex.CancellationReasons[1].Item);
            }
            catch (TransactionCanceledException ex) when (IsConditionFailure(ex, 0) || attempt >= MaxTransactionAttempts)
            {
                // Someone moved the same events out first, or the transaction kept colliding: read the tip and decide.
                _tips.TryRemove(pk, out _);
                var current = await client.GetItemAsync(
                    new GetItemRequest { TableName = tableName, Key = TipKey(pk), ConsistentRead = true, ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL },
                    cancellationToken).ConfigureAwait(false);
                if (current.Item is { Count: > 0 } item && Long(item, TipLayout.NextName) == expected.Value + 1)
                {
                    throw new EventStoreUnavailableException($"The move-out of {stream} failed without a conflict: {ex.Message}", ex);
                }

                return Resolve(stream, expected, commandId, current.Item);
            }
            catch (TransactionCanceledException)
            {
                await Task.Delay(Random.Shared.Next(5, 20) * attempt, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>The tip that beat us: our own earlier write (a repeat), or other commands whose events it holds.</summary>
    private AppendResult Resolve(StreamId stream, ExpectedVersion expected, Guid commandId, Dictionary<string, AttributeValue>? current)
    {
        if (current is not { Count: > 0 })
        {
            return new AppendResult.Conflict(expected, ExpectedVersion.NoStreamVersion, []);
        }

        var tip = TipImage.FromItem(current);
        Remember(stream.ToString(), tip);
        var after = tip.Events.Select((e, i) => (Version: tip.Base + i, Value: e)).Where(e => e.Version > expected.Value).ToList();
        if (after.Count > 0 && after[0].Version == expected.Value + 1 && TipLayout.CommandIdOf(after[0].Value) == commandId)
        {
            var last = after.TakeWhile(e => TipLayout.CommandIdOf(e.Value) == commandId).Last().Version;
            return new AppendResult.AlreadyApplied(expected.Value + 1, last);
        }

        var committed = after.Count > 0 && after[0].Version == expected.Value + 1
            ? after.Select(e => TipLayout.ToEnvelope(stream, e.Version, e.Value)).ToList()
            : [];
        return new AppendResult.Conflict(expected, tip.Next - 1, committed);
    }

    /// <summary>The batches holding versions <paramref name="from"/>..<paramref name="to"/>, read newest first until the oldest needed one.</summary>
    private async Task<List<EventEnvelope>> ReadBatchesAsync(StreamId stream, long from, long to, CancellationToken cancellationToken)
    {
        var batches = new List<Dictionary<string, AttributeValue>>();
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            var response = await client.QueryAsync(
                new QueryRequest
                {
                    TableName = tableName,
                    KeyConditionExpression = "#pk = :pk AND #sk BETWEEN :zero AND :to",
                    ExpressionAttributeNames = new Dictionary<string, string> { ["#pk"] = TipLayout.Pk, ["#sk"] = TipLayout.Sk },
                    ExpressionAttributeValues = new Dictionary<string, AttributeValue>
                    {
                        [":pk"] = Str(stream.ToString()), [":zero"] = Num(0), [":to"] = Num(to),
                    },
                    ScanIndexForward = false,
                    ConsistentRead = true,
                    // Usually one batch is enough: read them one at a time rather than bill older ones for nothing.
                    Limit = from > 0 ? 1 : null,
                    ExclusiveStartKey = start,
                    ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL,
                },
                cancellationToken).ConfigureAwait(false);
            batches.AddRange(response.Items ?? []);
            start = response.LastEvaluatedKey is { Count: > 0 } next ? next : null;
        }
        while (start is not null && (batches.Count == 0 || Long(batches[^1], TipLayout.Sk) > from));

        batches.Reverse();
        return batches.SelectMany(b => BatchEvents(stream, b)).Where(e => e.Version >= from && e.Version <= to).ToList();
    }

    private void Remember(string pk, TipImage tip)
    {
        if (_tips.Count >= MaxRememberedTips)
        {
            // Forgetting is always safe: the next append is then a plain conditional update that brings the tip back.
            _tips.Clear();
        }

        _tips[pk] = tip;
    }

    private static bool IsConditionFailure(TransactionCanceledException ex, int index) =>
        ex.CancellationReasons is { } reasons && reasons.Count > index && reasons[index].Code == "ConditionalCheckFailed";
}
