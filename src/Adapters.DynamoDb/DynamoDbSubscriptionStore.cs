using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using EventSourcing;
using Microsoft.Extensions.Options;
using static Adapters.DynamoDb.TableSchema;

namespace Adapters.DynamoDb;

/// <summary>
/// Leases and checkpoints in the event table: one item per (subscription, shard), pk = "~sub#" + subscription (never a
/// stream id: it has no '-'), sk = shard. Taking a shard, renewing it and moving its checkpoint are conditional
/// UpdateItems; the token grows with each change of owner and fences a worker that lost its lease.
/// </summary>
internal sealed class DynamoDbSubscriptionStore : ISubscriptionStore
{
    private static readonly Dictionary<string, string> Names = new()
    {
        ["#pk"] = Pk,
        ["#o"] = Owner,
        ["#t"] = LeaseToken,
        ["#e"] = ExpiresAt,
        ["#d"] = LeaseMillis,
    };

    private readonly TableClient _table;
    private readonly TimeProvider _clock;

    public DynamoDbSubscriptionStore(IAmazonDynamoDB client, IOptions<DynamoDbOptions> options, DynamoDbCapacityMeter meter, TimeProvider? clock = null)
        : this(client, options.Value.TableName, meter, clock)
    {
    }

    internal DynamoDbSubscriptionStore(IAmazonDynamoDB client, string tableName, DynamoDbCapacityMeter meter, TimeProvider? clock = null)
    {
        _table = new TableClient(client, meter, tableName);
        _clock = clock ?? TimeProvider.System;
    }

    public async Task<SubscriptionLease?> TryAcquireAsync(
        string subscription, int shard, string owner, TimeSpan duration, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(owner);
        var now = _clock.GetUtcNow();
        var values = new Dictionary<string, AttributeValue>
        {
            [":o"] = Text(owner),
            [":now"] = Number(now.ToUnixTimeMilliseconds()),
            [":exp"] = Number((now + duration).ToUnixTimeMilliseconds()),
            [":d"] = Number((long)duration.TotalMilliseconds),
        };

        // A renewal keeps the token; a takeover (free, expired or released) adds one to it.
        var renewed = await UpdateAsync(
            new UpdateItemRequest
            {
                Key = Key(Partition(subscription), shard),
                UpdateExpression = "SET #e = :exp, #d = :d",
                ConditionExpression = "#o = :o AND #e > :now",
                ExpressionAttributeNames = Names.Where(n => n.Key is "#o" or "#e" or "#d").ToDictionary(),
                ExpressionAttributeValues = values,
                ReturnValues = ReturnValue.ALL_NEW,
            },
            cancellationToken).ConfigureAwait(false);
        var taken = renewed ?? await UpdateAsync(
            new UpdateItemRequest
            {
                Key = Key(Partition(subscription), shard),
                UpdateExpression = "SET #o = :o, #e = :exp, #d = :d ADD #t :one",
                ConditionExpression = "attribute_not_exists(#pk) OR attribute_not_exists(#o) OR #e <= :now",
                ExpressionAttributeNames = Names,
                ExpressionAttributeValues = new(values) { [":one"] = Number(1) },
                ReturnValues = ReturnValue.ALL_NEW,
            },
            cancellationToken).ConfigureAwait(false);
        return taken is null ? null : ToLease(subscription, shard, taken);
    }

    public async Task<bool> CheckpointAsync(SubscriptionLease lease, string checkpoint, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lease);
        ArgumentNullException.ThrowIfNull(checkpoint);
        var now = _clock.GetUtcNow();

        // Moving the checkpoint renews the lease too: a busy worker writes one item per poll and shard, not two.
        var updated = await UpdateAsync(
            new UpdateItemRequest
            {
                Key = Key(Partition(lease.Subscription), lease.Shard),
                UpdateExpression = "SET #c = :c, #ca = :ca, #e = :now + #d",
                ConditionExpression = "#o = :o AND #t = :t",
                ExpressionAttributeNames = new() { ["#c"] = Checkpoint, ["#ca"] = CheckpointedAt, ["#e"] = ExpiresAt, ["#d"] = LeaseMillis, ["#o"] = Owner, ["#t"] = LeaseToken },
                ExpressionAttributeValues = new()
                {
                    [":c"] = Text(checkpoint.Length == 0 ? "-" : checkpoint),
                    [":ca"] = Text(FormatTime(now)),
                    [":now"] = Number(now.ToUnixTimeMilliseconds()),
                    [":o"] = Text(lease.Owner),
                    [":t"] = Number(lease.Token),
                },
                ReturnValues = ReturnValue.NONE,
            },
            cancellationToken).ConfigureAwait(false);
        return updated is not null;
    }

    public async Task ReleaseAsync(SubscriptionLease lease, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lease);
        await UpdateAsync(
            new UpdateItemRequest
            {
                Key = Key(Partition(lease.Subscription), lease.Shard),
                UpdateExpression = "REMOVE #o SET #e = :zero",
                ConditionExpression = "#o = :o AND #t = :t",
                ExpressionAttributeNames = new() { ["#o"] = Owner, ["#t"] = LeaseToken, ["#e"] = ExpiresAt },
                ExpressionAttributeValues = new() { [":o"] = Text(lease.Owner), [":t"] = Number(lease.Token), [":zero"] = Number(0) },
                ReturnValues = ReturnValue.NONE,
            },
            cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<ShardState>> ListAsync(string subscription, CancellationToken cancellationToken = default)
    {
        var items = await _table.QueryAllAsync(
            Operations.Subscription,
            new QueryRequest
            {
                KeyConditionExpression = "#pk = :pk",
                ExpressionAttributeNames = new() { ["#pk"] = Pk },
                ExpressionAttributeValues = new() { [":pk"] = Text(Partition(subscription)) },
                ConsistentRead = true,
            },
            limit: null,
            cancellationToken).ConfigureAwait(false);
        return [.. items.Select(item =>
        {
            var lease = ToLease(subscription, (int)ReadLong(item, Sk), item);
            return new ShardState(
                lease.Shard,
                item.TryGetValue(Owner, out var o) ? o.S : null,
                lease.ExpiresAt,
                lease.Checkpoint,
                item.TryGetValue(CheckpointedAt, out var at) ? ParseTime(at.S) : DateTimeOffset.MinValue);
        })];
    }

    public async Task ResetAsync(string subscription, int shards, CancellationToken cancellationToken = default)
    {
        for (var shard = 0; shard < shards; shard++)
        {
            await _table.DeleteItemAsync(
                Operations.Subscription, new DeleteItemRequest { Key = Key(Partition(subscription), shard) }, cancellationToken).ConfigureAwait(false);
        }
    }

    private static string Partition(string subscription) => "~sub#" + subscription;

    private static SubscriptionLease ToLease(string subscription, int shard, Dictionary<string, AttributeValue> item)
    {
        var checkpoint = item.TryGetValue(Checkpoint, out var c) && c.S is { } text && text != "-" ? text : FeedKeys.Start;
        return new SubscriptionLease(
            subscription,
            shard,
            item.TryGetValue(Owner, out var o) ? o.S : "",
            item.TryGetValue(LeaseToken, out var t) ? long.Parse(t.N, CultureInfo.InvariantCulture) : 0,
            DateTimeOffset.FromUnixTimeMilliseconds(item.TryGetValue(ExpiresAt, out var e) ? long.Parse(e.N, CultureInfo.InvariantCulture) : 0),
            checkpoint);
    }

    /// <summary>The updated item, or null when the condition failed.</summary>
    private async Task<Dictionary<string, AttributeValue>?> UpdateAsync(UpdateItemRequest request, CancellationToken cancellationToken)
    {
        try
        {
            var response = await _table.UpdateItemAsync(Operations.Subscription, request, cancellationToken).ConfigureAwait(false);
            return response.Attributes ?? [];
        }
        catch (ConditionalCheckFailedException)
        {
            return null;
        }
    }
}
