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
/// The event store on one DynamoDB table, one item per event. An append is one conditional PutItem in the common
/// case (billed for the new event only) or one TransactWriteItems; a load is a GetItem of the snapshot plus a Query
/// of the events after it. Every read that a decision depends on is strongly consistent. Register it as a singleton:
/// it remembers which versions it has seen exist, which is what lets most appends skip a transaction.
/// </summary>
internal sealed class DynamoDbEventStore : IEventStore
{
    private const string NotExists = "attribute_not_exists(#pk)";
    private const int MaxTransactItems = 100;
    private const int MaxTransactionAttempts = 3;

    private static readonly Dictionary<string, string> PkName = new() { ["#pk"] = Pk };

    private readonly TableClient _table;
    private readonly KnownHeads _heads;
    private readonly int _feedShards;

    public DynamoDbEventStore(IAmazonDynamoDB client, IOptions<DynamoDbOptions> options, DynamoDbCapacityMeter meter)
        : this(client, options.Value.TableName, meter, feedShards: options.Value.FeedShards)
    {
    }

    internal DynamoDbEventStore(
        IAmazonDynamoDB client, string tableName, DynamoDbCapacityMeter meter, KnownHeads? heads = null, int feedShards = DynamoDbOptions.DefaultFeedShards)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(feedShards);
        _feedShards = feedShards;
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrEmpty(tableName);
        ArgumentNullException.ThrowIfNull(meter);
        _table = new TableClient(client, meter, tableName);
        _heads = heads ?? new KnownHeads();
    }

    public async Task<AppendResult> AppendAsync(
        StreamId stream, ExpectedVersion expected, IReadOnlyList<EventData> events, CancellationToken cancellationToken = default)
    {
        CommitRules.Validate(events);
        var pk = stream.ToString();
        var (items, totalBytes) = ToItems(stream, expected, events);
        if (totalBytes > ItemSize.MaxTransactionBytes)
        {
            throw new CommitTooLargeException(
                $"The commit to {stream} is {totalBytes:N0} bytes as DynamoDB items; one transaction holds at most {ItemSize.MaxTransactionBytes:N0} bytes (4 MB).");
        }

        var commandId = events[0].Metadata.CommandId;
        var vouched = _heads.Vouches(pk, expected.Value);
        AppendResult result;
        if (events.Count == 1 && vouched)
        {
            result = await PutAsync(stream, expected, items[0], commandId, cancellationToken).ConfigureAwait(false);
        }
        else if (!vouched && events.Count + 1 > MaxTransactItems)
        {
            // No room for the ConditionCheck in a full transaction: vouch for the expected version with a read first.
            var head = await VouchAsync(pk, expected.Value, cancellationToken).ConfigureAwait(false);
            result = head is { } actual
                ? new AppendResult.Conflict(expected, actual, [])
                : await TransactAsync(stream, expected, items, events, checkExpected: false, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            result = await TransactAsync(stream, expected, items, events, checkExpected: !vouched, cancellationToken).ConfigureAwait(false);
        }

        _heads.Observe(pk, result switch
        {
            AppendResult.Appended ok => ok.LastVersion,
            AppendResult.AlreadyApplied done => done.LastVersion,
            AppendResult.Conflict conflict => conflict.ActualVersion,
            _ => -1,
        });
        return result;
    }

    public async Task<MultiAppendResult> AppendAsync(IReadOnlyList<StreamAppend> commit, CancellationToken cancellationToken = default)
    {
        CommitRules.Validate(commit);
        var parts = new List<Part>(commit.Count);
        long totalBytes = 0;
        foreach (var append in commit)
        {
            var (items, bytes) = ToItems(append.Stream, append.Expected, append.Events);
            totalBytes += bytes;
            parts.Add(new Part(append, items) { Vouched = _heads.Vouches(append.Stream.ToString(), append.Expected.Value) });
        }

        if (totalBytes > ItemSize.MaxTransactionBytes)
        {
            throw new CommitTooLargeException(
                $"The commit to {commit.Count} streams is {totalBytes:N0} bytes as DynamoDB items; one transaction holds at most {ItemSize.MaxTransactionBytes:N0} bytes (4 MB).");
        }

        var checks = parts.Count(p => !p.Vouched);
        MultiAppendResult result;
        if (parts.Sum(p => p.Items.Count) + checks > MaxTransactItems)
        {
            // No room for the ConditionChecks: vouch for the expected versions with reads first, as a single stream does.
            var ahead = new List<StreamConflict>();
            foreach (var part in parts.Where(p => !p.Vouched))
            {
                var head = await VouchAsync(part.Pk, part.Append.Expected.Value, cancellationToken).ConfigureAwait(false);
                if (head is { } actual)
                {
                    ahead.Add(new StreamConflict(part.Append.Stream, part.Append.Expected, actual, []));
                }

                part.Vouched = head is null;
            }

            result = ahead.Count > 0
                ? new MultiAppendResult.Conflict(ahead)
                : await TransactAsync(parts, commit, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            result = await TransactAsync(parts, commit, cancellationToken).ConfigureAwait(false);
        }

        foreach (var (stream, version) in result switch
        {
            MultiAppendResult.Appended ok => ok.Streams.Select(s => (s.Stream, s.LastVersion)),
            MultiAppendResult.AlreadyApplied done => done.Streams.Select(s => (s.Stream, s.LastVersion)),
            MultiAppendResult.Conflict conflict => conflict.Streams.Select(s => (s.Stream, s.ActualVersion)),
            _ => [],
        })
        {
            _heads.Observe(stream.ToString(), version);
        }

        return result;
    }

    public async Task<EventPage> ReadAsync(
        StreamId stream, long fromVersion, int maxCount, string? continuationToken = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(fromVersion, 0);
        var from = continuationToken is null ? fromVersion : ContinuationTokens.ReadVersion(continuationToken, stream);
        var pk = stream.ToString();

        // One item more than the page tells whether another page exists, so the last page has no token. It also shows
        // a hole right after the page.
        var items = await QueryEventsAsync(Operations.History, pk, from, OneMore(maxCount), cancellationToken).ConfigureAwait(false);
        var read = items.Select(EventItems.ToEnvelope).ToList();
        EnsureContiguous(stream, from, read);
        var page = read.Take(maxCount).ToList();
        if (page.Count > 0)
        {
            _heads.Observe(pk, page[^1].Version);
        }

        var token = read.Count > maxCount ? ContinuationTokens.ForVersion(stream, page[^1].Version + 1) : null;
        return new EventPage(page, token);
    }

    public async Task<LoadedStream> LoadAsync(StreamId stream, int snapshotSchemaVersion, CancellationToken cancellationToken = default)
    {
        var pk = stream.ToString();
        var response = await _table.GetItemAsync(
            Operations.Load,
            new GetItemRequest { Key = Key(pk, SnapshotSk), ConsistentRead = true },
            cancellationToken).ConfigureAwait(false);
        var stored = response.Item is { Count: > 0 } item ? EventItems.ToSnapshot(item) : null;
        var snapshot = stored is not null && stored.SchemaVersion == snapshotSchemaVersion ? stored : null;

        // The query starts at the snapshot's own event, not after it: that item proves the snapshot describes an event
        // that exists, in the same request and usually the same 4 KB read unit. Only versions read are trusted.
        var from = snapshot?.Version ?? 0;
        var items = await QueryEventsAsync(Operations.Load, pk, from, limit: null, cancellationToken).ConfigureAwait(false);
        var read = items.Select(EventItems.ToEnvelope).ToList();
        EnsureContiguous(stream, from, read);
        var version = read.Count > 0 ? read[^1].Version : ExpectedVersion.NoStreamVersion;
        if (stored is not null && version < stored.Version)
        {
            throw Corrupted(stream, $"its snapshot is at version {stored.Version}, but its events end at {version}");
        }

        _heads.Observe(pk, version);
        return new LoadedStream(stream, version, snapshot, snapshot is null ? read : read.GetRange(1, read.Count - 1));
    }

    public async Task<bool> WriteSnapshotAsync(StreamId stream, Snapshot snapshot, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentOutOfRangeException.ThrowIfNegative(snapshot.Version);
        var pk = stream.ToString();
        var item = EventItems.ToSnapshotItem(stream, snapshot);
        var size = ItemSize.Of(item);
        if (size > ItemSize.MaxItemBytes)
        {
            throw new CommitTooLargeException(
                $"The snapshot of {stream} is {size:N0} bytes as a DynamoDB item; the limit is {ItemSize.MaxItemBytes:N0} bytes (400 KB).");
        }

        // Never over a newer snapshot: a slow writer must not put back an older state.
        const string newer = "attribute_not_exists(#pk) OR #version < :version";
        var names = new Dictionary<string, string> { ["#pk"] = Pk, ["#version"] = TableSchema.Version };
        var values = new Dictionary<string, AttributeValue> { [":version"] = Number(snapshot.Version) };

        if (_heads.Vouches(pk, snapshot.Version))
        {
            try
            {
                await _table.PutItemAsync(
                    Operations.Snapshot,
                    new PutItemRequest { Item = item, ConditionExpression = newer, ExpressionAttributeNames = names, ExpressionAttributeValues = values },
                    cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch (ConditionalCheckFailedException)
            {
                return false;
            }
        }

        // A snapshot must describe an event that exists: check it in the same request.
        var request = new TransactWriteItemsRequest
        {
            TransactItems =
            [
                new TransactWriteItem
                {
                    ConditionCheck = new ConditionCheck
                    {
                        TableName = _table.TableName, Key = Key(pk, snapshot.Version), ConditionExpression = "attribute_exists(#pk)", ExpressionAttributeNames = PkName,
                    },
                },
                new TransactWriteItem
                {
                    Put = new Put
                    {
                        TableName = _table.TableName, Item = item, ConditionExpression = newer, ExpressionAttributeNames = names, ExpressionAttributeValues = values,
                    },
                },
            ],
        };
        try
        {
            await _table.TransactWriteItemsAsync(Operations.Snapshot, request, cancellationToken).ConfigureAwait(false);
            _heads.Observe(pk, snapshot.Version);
            return true;
        }
        catch (TransactionCanceledException ex) when (IsConditionFailure(ex, 0))
        {
            throw new ArgumentOutOfRangeException(nameof(snapshot), snapshot.Version, $"{stream} has no event at that version.");
        }
        catch (TransactionCanceledException ex) when (IsConditionFailure(ex, 1))
        {
            _heads.Observe(pk, snapshot.Version);
            return false;
        }
        catch (TransactionCanceledException ex)
        {
            throw TableClient.Unavailable(Operations.Snapshot, ex);
        }
    }

    public async Task<StreamPage> ListStreamsAsync(
        string category, int pageSize, string? continuationToken = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(category);
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        var after = continuationToken is null ? null : ContinuationTokens.ReadStreamId(continuationToken, category);
        var names = new Dictionary<string, string> { ["#category"] = Gsi1Pk };
        var values = new Dictionary<string, AttributeValue> { [":category"] = Text(category) };
        var condition = "#category = :category";
        if (after is not null)
        {
            names["#stream"] = Gsi1Sk;
            values[":after"] = Text(after);
            condition += " AND #stream > :after";
        }

        // A global secondary index is eventually consistent: a stream created a moment ago may be missing.
        var items = await _table.QueryAllAsync(
            Operations.List,
            new QueryRequest
            {
                IndexName = ByCategoryIndex,
                KeyConditionExpression = condition,
                ExpressionAttributeNames = names,
                ExpressionAttributeValues = values,
            },
            OneMore(pageSize),
            cancellationToken).ConfigureAwait(false);

        var page = items.Take(pageSize).Select(EventItems.ToEnvelope).ToList();
        foreach (var first in page)
        {
            _heads.Observe(first.StreamId.ToString(), 0);
        }

        var token = items.Count > pageSize ? ContinuationTokens.ForStreamId(category, page[^1].StreamId.ToString()) : null;
        return new StreamPage(page, token);
    }

    private async Task<AppendResult> PutAsync(
        StreamId stream, ExpectedVersion expected, Dictionary<string, AttributeValue> item, Guid commandId, CancellationToken cancellationToken)
    {
        try
        {
            await _table.PutItemAsync(
                Operations.Append,
                new PutItemRequest
                {
                    Item = item,
                    ConditionExpression = NotExists,
                    ExpressionAttributeNames = PkName,
                    ReturnValuesOnConditionCheckFailure = ReturnValuesOnConditionCheckFailure.ALL_OLD,
                },
                cancellationToken,
                transactionConflictIsOutcome: true).ConfigureAwait(false);
            return new AppendResult.Appended(expected.Value + 1, expected.Value + 1);
        }
        catch (ConditionalCheckFailedException ex)
        {
            return await ResolveConflictAsync(stream, expected, commandId, ex.Item, cancellationToken).ConfigureAwait(false);
        }
        catch (TransactionConflictException)
        {
            // On AWS (never on DynamoDB Local): a transaction in flight is writing this item, so another commit is
            // landing at expected + 1 and nothing of ours was written. The SDK's standard retry mode does not retry
            // it (it is neither a throttling nor a transient error). It is a conflict: read what is there now, a
            // strongly consistent GetItem of expected + 1 (ours already: AlreadyApplied; another command's: the
            // winner), or, if the transaction has not landed, the head.
            return await ResolveConflictAsync(stream, expected, commandId, winner: null, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<AppendResult> TransactAsync(
        StreamId stream,
        ExpectedVersion expected,
        List<Dictionary<string, AttributeValue>> items,
        IReadOnlyList<EventData> events,
        bool checkExpected,
        CancellationToken cancellationToken)
    {
        var actions = items.Select(item => new TransactWriteItem
        {
            Put = new Put
            {
                TableName = _table.TableName,
                Item = item,
                ConditionExpression = NotExists,
                ExpressionAttributeNames = PkName,
                ReturnValuesOnConditionCheckFailure = ReturnValuesOnConditionCheckFailure.ALL_OLD,
            },
        }).ToList();
        if (checkExpected)
        {
            // Without it, an append at a version past the head would leave a gap (castore issue #168).
            actions.Add(new TransactWriteItem
            {
                ConditionCheck = new ConditionCheck
                {
                    TableName = _table.TableName,
                    Key = Key(stream.ToString(), expected.Value),
                    ConditionExpression = "attribute_exists(#pk)",
                    ExpressionAttributeNames = PkName,
                },
            });
        }

        var commandId = events[0].Metadata.CommandId;
        for (var attempt = 1; ; attempt++)
        {
            var request = new TransactWriteItemsRequest
            {
                TransactItems = actions,
                ClientRequestToken = RequestToken(stream, expected, events, attempt),
            };
            try
            {
                await _table.TransactWriteItemsAsync(Operations.Append, request, cancellationToken).ConfigureAwait(false);
                return new AppendResult.Appended(expected.Value + 1, expected.Value + items.Count);
            }
            catch (TransactionCanceledException ex) when (IsConditionFailure(ex, 0))
            {
                return await ResolveConflictAsync(stream, expected, commandId, ex.CancellationReasons[0].Item, cancellationToken).ConfigureAwait(false);
            }
            catch (TransactionCanceledException ex) when (ex.CancellationReasons?.Any(r => r.Code == "ConditionalCheckFailed") == true)
            {
                // The expected version does not exist (the caller is ahead of the stream): learn the head for the conflict.
                var head = await ReadHeadAsync(stream.ToString(), cancellationToken).ConfigureAwait(false);
                return new AppendResult.Conflict(expected, head, []);
            }
            catch (TransactionCanceledException ex) when (attempt < MaxTransactionAttempts && IsTransient(ex))
            {
                // Another transaction touched one of our items at the same moment; nothing was written. A new token,
                // because the cancelled request used up the old one.
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(10, 50) * attempt), cancellationToken).ConfigureAwait(false);
            }
            catch (TransactionCanceledException ex)
            {
                throw TableClient.Unavailable(Operations.Append, ex);
            }
        }
    }

    /// <summary>
    /// One TransactWriteItems for the whole commit: a conditional Put of every event, plus a ConditionCheck on each
    /// stream's expected version that is not vouched for, so that no stream gets a gap.
    /// </summary>
    private async Task<MultiAppendResult> TransactAsync(List<Part> parts, IReadOnlyList<StreamAppend> commit, CancellationToken cancellationToken)
    {
        var actions = new List<TransactWriteItem>();
        var owners = new List<(int Part, bool IsFirstPut)>();
        for (var p = 0; p < parts.Count; p++)
        {
            var part = parts[p];
            for (var i = 0; i < part.Items.Count; i++)
            {
                actions.Add(PutEvent(part.Items[i]));
                owners.Add((p, i == 0));
            }

            if (!part.Vouched)
            {
                actions.Add(CheckExists(part.Pk, part.Append.Expected.Value));
                owners.Add((p, false));
            }
        }

        var commandId = commit[0].Events[0].Metadata.CommandId;
        for (var attempt = 1; ; attempt++)
        {
            var request = new TransactWriteItemsRequest { TransactItems = actions, ClientRequestToken = RequestToken(commit, attempt) };
            try
            {
                await _table.TransactWriteItemsAsync(Operations.Append, request, cancellationToken).ConfigureAwait(false);
                return new MultiAppendResult.Appended(parts
                    .Select(p => new StreamVersions(p.Append.Stream, p.Append.Expected.Value + 1, p.Append.Expected.Value + p.Items.Count))
                    .ToList());
            }
            catch (TransactionCanceledException ex) when (ex.CancellationReasons?.Any(r => r.Code == "ConditionalCheckFailed") == true)
            {
                return await ResolveConflictsAsync(parts, owners, ex.CancellationReasons, commandId, cancellationToken).ConfigureAwait(false);
            }
            catch (TransactionCanceledException ex) when (attempt < MaxTransactionAttempts && IsTransient(ex))
            {
                // Another transaction touched one of our items at the same moment; nothing was written.
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(10, 50) * attempt), cancellationToken).ConfigureAwait(false);
            }
            catch (TransactionCanceledException ex)
            {
                throw TableClient.Unavailable(Operations.Append, ex);
            }
        }
    }

    /// <summary>
    /// Maps the cancellation reasons (one per action, in order) back to streams. A failed Put of a stream's first event
    /// brings back, in ALL_OLD, the event standing there: ours (a retry) or the winner's. A failed ConditionCheck means
    /// the caller is ahead of that stream, and only then is its head read.
    /// </summary>
    private async Task<MultiAppendResult> ResolveConflictsAsync(
        List<Part> parts,
        List<(int Part, bool IsFirstPut)> owners,
        List<CancellationReason> reasons,
        Guid commandId,
        CancellationToken cancellationToken)
    {
        var outcomes = new AppendResult?[parts.Count];
        for (var index = 0; index < reasons.Count && index < owners.Count; index++)
        {
            var (p, isFirstPut) = owners[index];
            if (reasons[index].Code != "ConditionalCheckFailed" || outcomes[p] is not null)
            {
                continue;
            }

            var part = parts[p];
            // The first failure of a stream says it all: a Put of its first event (what stands there), else its
            // ConditionCheck or a later Put (a hole left by hand): the stream is not where expected; read its head.
            outcomes[p] = isFirstPut
                ? await ResolveConflictAsync(part.Append.Stream, part.Append.Expected, commandId, reasons[index].Item, cancellationToken).ConfigureAwait(false)
                : new AppendResult.Conflict(part.Append.Expected, await ReadHeadAsync(part.Pk, cancellationToken).ConfigureAwait(false), []);
        }

        if (outcomes.All(o => o is AppendResult.AlreadyApplied))
        {
            return new MultiAppendResult.AlreadyApplied(parts
                .Select((p, i) => (AppendResult.AlreadyApplied)outcomes[i]!)
                .Select((done, i) => new StreamVersions(parts[i].Append.Stream, done.FirstVersion, done.LastVersion))
                .ToList());
        }

        var conflicts = new List<StreamConflict>();
        for (var i = 0; i < parts.Count; i++)
        {
            var append = parts[i].Append;
            switch (outcomes[i])
            {
                case AppendResult.Conflict conflict:
                    conflicts.Add(new StreamConflict(append.Stream, append.Expected, conflict.ActualVersion, conflict.CommittedEvents));
                    break;
                case AppendResult.AlreadyApplied ours:
                    // This command's events stand here, but the commit as a whole was not written (it is atomic): the
                    // command id was used for another append. The stream is off its expected version all the same.
                    conflicts.Add(new StreamConflict(append.Stream, append.Expected, ours.LastVersion, []));
                    break;
            }
        }

        return new MultiAppendResult.Conflict(conflicts);
    }

    private TransactWriteItem PutEvent(Dictionary<string, AttributeValue> item) => new()
    {
        Put = new Put
        {
            TableName = _table.TableName,
            Item = item,
            ConditionExpression = NotExists,
            ExpressionAttributeNames = PkName,
            ReturnValuesOnConditionCheckFailure = ReturnValuesOnConditionCheckFailure.ALL_OLD,
        },
    };

    private TransactWriteItem CheckExists(string pk, long version) => new()
    {
        ConditionCheck = new ConditionCheck
        {
            TableName = _table.TableName,
            Key = Key(pk, version),
            ConditionExpression = "attribute_exists(#pk)",
            ExpressionAttributeNames = PkName,
        },
    };

    /// <summary>The stream's events as items at expected + 1 onwards, each within 400 KB, and their total size.</summary>
    private (List<Dictionary<string, AttributeValue>> Items, long Bytes) ToItems(
        StreamId stream, ExpectedVersion expected, IReadOnlyList<EventData> events)
    {
        var first = expected.Value + 1;
        var last = expected.Value + events.Count;
        var items = new List<Dictionary<string, AttributeValue>>(events.Count);
        long totalBytes = 0;
        for (var i = 0; i < events.Count; i++)
        {
            var item = EventItems.ToItem(stream, first + i, events[i], first, last, _feedShards);
            var size = ItemSize.Of(item);
            if (size > ItemSize.MaxItemBytes)
            {
                throw new CommitTooLargeException(
                    $"Event {i} of the commit to {stream} is {size:N0} bytes as a DynamoDB item; the limit is {ItemSize.MaxItemBytes:N0} bytes (400 KB).");
            }

            totalBytes += size;
            items.Add(item);
        }

        return (items, totalBytes);
    }

    /// <summary>The item after the expected version is what beat us: our own earlier write, or another command's.</summary>
    private async Task<AppendResult> ResolveConflictAsync(
        StreamId stream, ExpectedVersion expected, Guid commandId, Dictionary<string, AttributeValue>? winner, CancellationToken cancellationToken)
    {
        var pk = stream.ToString();
        if (winner is not { Count: > 0 })
        {
            // ALL_OLD should always bring the item back; if it did not, read it rather than guess.
            var response = await _table.GetItemAsync(
                Operations.Append,
                new GetItemRequest { Key = Key(pk, expected.Value + 1), ConsistentRead = true },
                cancellationToken).ConfigureAwait(false);
            winner = response.Item is { Count: > 0 } item ? item : null;
            if (winner is null)
            {
                return new AppendResult.Conflict(expected, await ReadHeadAsync(pk, cancellationToken).ConfigureAwait(false), []);
            }
        }

        var envelope = EventItems.ToEnvelope(winner);
        var commitLast = ReadLong(winner, CommitLast);
        return envelope.Metadata.CommandId == commandId
            ? new AppendResult.AlreadyApplied(envelope.Version, commitLast, envelope)
            : new AppendResult.Conflict(expected, commitLast, [envelope]);
    }

    /// <summary>Null when item <paramref name="expectedVersion"/> exists (or is "no stream"), else the stream's head.</summary>
    private async Task<long?> VouchAsync(string pk, long expectedVersion, CancellationToken cancellationToken)
    {
        if (expectedVersion < 0)
        {
            return null;
        }

        var response = await _table.GetItemAsync(
            Operations.Append,
            new GetItemRequest { Key = Key(pk, expectedVersion), ConsistentRead = true, ProjectionExpression = "#pk", ExpressionAttributeNames = PkName },
            cancellationToken).ConfigureAwait(false);
        if (response.Item is { Count: > 0 })
        {
            _heads.Observe(pk, expectedVersion);
            return null;
        }

        return await ReadHeadAsync(pk, cancellationToken).ConfigureAwait(false);
    }

    private async Task<long> ReadHeadAsync(string pk, CancellationToken cancellationToken)
    {
        var response = await _table.QueryAsync(
            Operations.Append,
            new QueryRequest
            {
                KeyConditionExpression = "#pk = :pk AND #sk >= :zero",
                ExpressionAttributeNames = new Dictionary<string, string> { ["#pk"] = Pk, ["#sk"] = Sk },
                ExpressionAttributeValues = new Dictionary<string, AttributeValue> { [":pk"] = Text(pk), [":zero"] = Number(0) },
                ScanIndexForward = false,
                Limit = 1,
                ConsistentRead = true,
                ProjectionExpression = "#sk",
            },
            cancellationToken).ConfigureAwait(false);
        return response.Items is { Count: > 0 } items ? ReadLong(items[0], Sk) : ExpectedVersion.NoStreamVersion;
    }

    /// <summary>Events from <paramref name="from"/> on, strongly consistent, up to <paramref name="limit"/> items.</summary>
    private Task<List<Dictionary<string, AttributeValue>>> QueryEventsAsync(
        string operation, string pk, long from, int? limit, CancellationToken cancellationToken) =>
        _table.QueryAllAsync(
            operation,
            new QueryRequest
            {
                KeyConditionExpression = "#pk = :pk AND #sk >= :from",
                ExpressionAttributeNames = new Dictionary<string, string> { ["#pk"] = Pk, ["#sk"] = Sk },
                ExpressionAttributeValues = new Dictionary<string, AttributeValue> { [":pk"] = Text(pk), [":from"] = Number(from) },
                ConsistentRead = true,
            },
            limit,
            cancellationToken);

    /// <summary>
    /// Events are written at consecutive versions from 0 and never deleted, so events read from <paramref name="from"/> on
    /// must start there and have no hole. Checking what was read anyway costs nothing.
    /// </summary>
    private void EnsureContiguous(StreamId stream, long from, List<EventEnvelope> read)
    {
        var expected = from;
        foreach (var e in read)
        {
            if (e.Version != expected)
            {
                throw Corrupted(
                    stream,
                    expected == from ? $"there is no event at version {from}, but there is one at {e.Version}" : $"its versions jump from {expected - 1} to {e.Version}");
            }

            expected++;
        }
    }

    /// <summary>What this process saw of the stream no longer holds: forget it, so its next append checks the expected version.</summary>
    private StreamCorruptedException Corrupted(StreamId stream, string problem)
    {
        _heads.Forget(stream.ToString());
        return new StreamCorruptedException(stream, problem);
    }

    private static int OneMore(int count) => count == int.MaxValue ? count : count + 1;

    private static bool IsConditionFailure(TransactionCanceledException ex, int index) =>
        ex.CancellationReasons is { } reasons && reasons.Count > index && reasons[index].Code == "ConditionalCheckFailed";

    private static bool IsTransient(TransactionCanceledException ex) =>
        ex.CancellationReasons?.Any(r => r.Code is "TransactionConflict" or "ThrottlingError" or "ProvisionedThroughputExceeded") == true;

    /// <summary>As for one stream: a hash of the command id, then each stream with its expected version and event ids.</summary>
    private static string RequestToken(IReadOnlyList<StreamAppend> commit, int attempt)
    {
        var text = new StringBuilder()
            .Append("multi|")
            .Append(commit[0].Events[0].Metadata.CommandId.ToString("N")).Append('|')
            .Append(attempt.ToString(CultureInfo.InvariantCulture));
        foreach (var part in commit)
        {
            text.Append("|>").Append(part.Stream.ToString()).Append('|').Append(part.Expected.Value.ToString(CultureInfo.InvariantCulture));
            foreach (var e in part.Events)
            {
                text.Append('|').Append(e.EventId.ToString("N"));
            }
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())).AsSpan(0, 16));
    }

    /// <summary>
    /// The same commit sent again by the SDK carries the same token, so DynamoDB applies it at most once. The token
    /// covers the event ids, so a command re-decided at the same version (new events) is a new request, not an
    /// IdempotentParameterMismatch; the conditions and the command id in the items keep that one from applying twice.
    /// </summary>
    private static string RequestToken(StreamId stream, ExpectedVersion expected, IReadOnlyList<EventData> events, int attempt)
    {
        var text = new StringBuilder()
            .Append(events[0].Metadata.CommandId.ToString("N")).Append('|')
            .Append(stream.ToString()).Append('|')
            .Append(expected.Value.ToString(CultureInfo.InvariantCulture)).Append('|')
            .Append(attempt.ToString(CultureInfo.InvariantCulture));
        foreach (var e in events)
        {
            text.Append('|').Append(e.EventId.ToString("N"));
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())).AsSpan(0, 16));
    }

    /// <summary>One stream of a multi-stream commit: its items, and whether its expected version is known to exist.</summary>
    private sealed class Part(StreamAppend append, List<Dictionary<string, AttributeValue>> items)
    {
        public StreamAppend Append { get; } = append;

        public List<Dictionary<string, AttributeValue>> Items { get; } = items;

        public string Pk { get; } = append.Stream.ToString();

        public bool Vouched { get; set; }
    }
}
