using System.Net.Sockets;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using EventSourcing;

namespace Adapters.DynamoDb;

/// <summary>
/// Every request of the adapter goes through here: it names the table, asks for the consumed capacity, records
/// it per operation, and turns a fault that outlived the SDK's retries into <see cref="EventStoreUnavailableException"/>.
/// Failed conditions (ConditionalCheckFailed, a cancelled transaction) are outcomes, not faults: they pass through.
/// </summary>
internal sealed class TableClient(IAmazonDynamoDB client, DynamoDbCapacityMeter meter, string tableName)
{
    public string TableName => tableName;

    public Task<GetItemResponse> GetItemAsync(string operation, GetItemRequest request, CancellationToken cancellationToken)
    {
        request.TableName = tableName;
        request.ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL;
        return SendAsync(operation, false, request, (r, ct) => client.GetItemAsync(r, ct), r => r.ConsumedCapacity, cancellationToken);
    }

    public Task<QueryResponse> QueryAsync(string operation, QueryRequest request, CancellationToken cancellationToken)
    {
        request.TableName = tableName;
        request.ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL;
        return SendAsync(operation, false, request, (r, ct) => client.QueryAsync(r, ct), r => r.ConsumedCapacity, cancellationToken);
    }

    /// <summary>
    /// Every item the query matches, following DynamoDB's 1 MB pages, up to <paramref name="limit"/> items (null: all).
    /// Each page asks only for the items still wanted, so nothing past the limit is read or billed.
    /// </summary>
    public async Task<List<Dictionary<string, AttributeValue>>> QueryAllAsync(
        string operation, QueryRequest request, int? limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var items = new List<Dictionary<string, AttributeValue>>(Math.Min(limit ?? 16, 1000));
        request.ExclusiveStartKey = null;
        do
        {
            request.Limit = limit - items.Count;
            var response = await QueryAsync(operation, request, cancellationToken).ConfigureAwait(false);
            items.AddRange(response.Items ?? []);
            request.ExclusiveStartKey = response.LastEvaluatedKey is { Count: > 0 } next ? next : null;
        }
        while (request.ExclusiveStartKey is not null && (limit is null || items.Count < limit));

        return items;
    }

    /// <summary>
    /// With <paramref name="transactionConflictIsOutcome"/>, a <see cref="TransactionConflictException"/> (the item is
    /// being written by a transaction in flight; the SDK does not retry it) passes through for the caller to resolve.
    /// </summary>
    public Task<PutItemResponse> PutItemAsync(
        string operation, PutItemRequest request, CancellationToken cancellationToken, bool transactionConflictIsOutcome = false)
    {
        request.TableName = tableName;
        request.ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL;
        return SendAsync(
            operation, true, request, (r, ct) => client.PutItemAsync(r, ct), r => r.ConsumedCapacity, cancellationToken, transactionConflictIsOutcome);
    }

    public Task<UpdateItemResponse> UpdateItemAsync(string operation, UpdateItemRequest request, CancellationToken cancellationToken)
    {
        request.TableName = tableName;
        request.ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL;
        return SendAsync(operation, true, request, (r, ct) => client.UpdateItemAsync(r, ct), r => r.ConsumedCapacity, cancellationToken);
    }

    public Task<DeleteItemResponse> DeleteItemAsync(string operation, DeleteItemRequest request, CancellationToken cancellationToken)
    {
        request.TableName = tableName;
        request.ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL;
        return SendAsync(operation, true, request, (r, ct) => client.DeleteItemAsync(r, ct), r => r.ConsumedCapacity, cancellationToken);
    }

    /// <summary>The caller names the table on each action; a transaction may span tables.</summary>
    public Task<TransactWriteItemsResponse> TransactWriteItemsAsync(
        string operation, TransactWriteItemsRequest request, CancellationToken cancellationToken)
    {
        request.ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL;
        return SendAsync(
            operation, request, (r, ct) => client.TransactWriteItemsAsync(r, ct), r => meter.RecordCapacity(operation, true, r.ConsumedCapacity), cancellationToken);
    }

    public Task<BatchWriteItemResponse> BatchWriteItemAsync(
        string operation, BatchWriteItemRequest request, CancellationToken cancellationToken)
    {
        request.ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL;
        return SendAsync(
            operation, request, (r, ct) => client.BatchWriteItemAsync(r, ct), r => meter.RecordCapacity(operation, true, r.ConsumedCapacity), cancellationToken);
    }

    public Task<BatchGetItemResponse> BatchGetItemAsync(string operation, BatchGetItemRequest request, CancellationToken cancellationToken)
    {
        request.ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL;
        return SendAsync(
            operation,
            request,
            (r, ct) => client.BatchGetItemAsync(r, ct),
            r =>
            {
                foreach (var c in r.ConsumedCapacity ?? [])
                {
                    meter.RecordCapacity(operation, false, c);
                }
            },
            cancellationToken);
    }

    /// <summary>For control-plane calls (DescribeTable, CreateTable), which report no capacity.</summary>
    public async Task<T> ControlAsync<T>(string operation, Func<IAmazonDynamoDB, CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        meter.RecordRequest(operation);
        try
        {
            return await call(client, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsFault(ex, cancellationToken) && ex is not ResourceNotFoundException and not ResourceInUseException)
        {
            throw Unavailable(operation, ex);
        }
    }

    public static EventStoreUnavailableException Unavailable(string operation, Exception ex) =>
        new($"DynamoDB failed during {operation}: {ex.GetType().Name}: {ex.Message}", ex);

    /// <summary>
    /// A fault is anything the SDK gives up on: service errors after its retries, network errors and timeouts.
    /// A caller's own cancellation stays an <see cref="OperationCanceledException"/>.
    /// </summary>
    public static bool IsFault(Exception ex, CancellationToken cancellationToken) => ex switch
    {
        ConditionalCheckFailedException or TransactionCanceledException => false,
        OperationCanceledException => !cancellationToken.IsCancellationRequested,
        AmazonServiceException or AmazonClientException or HttpRequestException or IOException or SocketException or TimeoutException => true,
        _ => false,
    };

    private Task<TResponse> SendAsync<TRequest, TResponse>(
        string operation,
        bool isWrite,
        TRequest request,
        Func<TRequest, CancellationToken, Task<TResponse>> send,
        Func<TResponse, ConsumedCapacity?> capacity,
        CancellationToken cancellationToken,
        bool transactionConflictIsOutcome = false) =>
        SendAsync(
            operation, request, send, r => meter.RecordCapacity(operation, isWrite, capacity(r)), cancellationToken, transactionConflictIsOutcome);

    private async Task<TResponse> SendAsync<TRequest, TResponse>(
        string operation,
        TRequest request,
        Func<TRequest, CancellationToken, Task<TResponse>> send,
        Action<TResponse> record,
        CancellationToken cancellationToken,
        bool transactionConflictIsOutcome = false)
    {
        meter.RecordRequest(operation);
        try
        {
            var response = await send(request, cancellationToken).ConfigureAwait(false);
            record(response);
            return response;
        }
        catch (Exception ex) when (IsFault(ex, cancellationToken) && !(transactionConflictIsOutcome && ex is TransactionConflictException))
        {
            throw Unavailable(operation, ex);
        }
    }
}
