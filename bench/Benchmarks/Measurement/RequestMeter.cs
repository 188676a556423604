using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Benchmarks.Designs;

namespace Benchmarks.Measurement;

/// <summary>
/// Requests sent and capacity units consumed, as a running total. <see cref="AwsWriteCapacityUnits"/> is the write
/// capacity AWS would bill by its published rules where DynamoDB Local reports something else (see <see cref="RequestMeter"/>).
/// </summary>
internal readonly record struct Usage(long Requests, double ReadCapacityUnits, double WriteCapacityUnits, double AwsWriteCapacityUnits)
{
    public static Usage operator -(Usage after, Usage before) => new(
        after.Requests - before.Requests,
        after.ReadCapacityUnits - before.ReadCapacityUnits,
        after.WriteCapacityUnits - before.WriteCapacityUnits,
        after.AwsWriteCapacityUnits - before.AwsWriteCapacityUnits);

    public Usage Subtract(Usage before) => this - before;
}

/// <summary>
/// Meters one SDK client from outside, through its request, response and exception events, so that all three
/// designs are measured by the same code whatever they do inside. Requests are counted as they are sent (a rejected
/// conditional write is a request too); capacity comes from the ConsumedCapacity that every design asks for.
/// <para>
/// DynamoDB Local reports two things differently from AWS, so an AWS estimate of the write units is kept beside
/// the reported figure: (1) a TransactWriteItems is reported as about 4 units per KB of one item whatever the number
/// of items, where AWS bills 2 units per KB of every item (prepare and commit); the estimate applies AWS's rule to the
/// request's items (an Update counts its key and new values only, so it is a lower bound). (2) A conditional write
/// that fails reports nothing, where AWS bills it at least 1 unit (the larger of the new and the existing item).
/// </para>
/// </summary>
internal sealed class RequestMeter
{
    private const double Kilobyte = 1024;

    private readonly Lock _lock = new();
    private long _requests;
    private double _read;
    private double _write;
    private double _awsWrite;

    public static RequestMeter Attach(AmazonServiceClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        var meter = new RequestMeter();
        client.BeforeRequestEvent += (_, _) => meter.CountRequest();
        client.AfterResponseEvent += (_, e) =>
        {
            if (e is WebServiceResponseEventArgs args)
            {
                meter.Record(args.Request, args.Response);
            }
        };
        client.ExceptionEvent += (_, e) =>
        {
            if (e is WebServiceExceptionEventArgs args)
            {
                meter.RecordFailure(args.Request, args.Exception);
            }
        };
        return meter;
    }

    public Usage Read()
    {
        lock (_lock)
        {
            return new Usage(_requests, _read, _write, _awsWrite);
        }
    }

    private void CountRequest()
    {
        lock (_lock)
        {
            _requests++;
        }
    }

    private void Record(AmazonWebServiceRequest? request, AmazonWebServiceResponse? response)
    {
        var (capacities, isWrite) = response switch
        {
            GetItemResponse r => (One(r.ConsumedCapacity), false),
            QueryResponse r => (One(r.ConsumedCapacity), false),
            ScanResponse r => (One(r.ConsumedCapacity), false),
            BatchGetItemResponse r => (r.ConsumedCapacity, false),
            TransactGetItemsResponse r => (r.ConsumedCapacity, false),
            PutItemResponse r => (One(r.ConsumedCapacity), true),
            UpdateItemResponse r => (One(r.ConsumedCapacity), true),
            DeleteItemResponse r => (One(r.ConsumedCapacity), true),
            BatchWriteItemResponse r => (r.ConsumedCapacity, true),
            TransactWriteItemsResponse r => (r.ConsumedCapacity, true),
            _ => (null, false),
        };

        double read = 0, write = 0;
        foreach (var capacity in capacities ?? [])
        {
            // Same rule as the product's meter: a split (read/write) answer wins over the total.
            read += capacity.ReadCapacityUnits ?? (isWrite ? 0 : capacity.CapacityUnits ?? 0);
            write += capacity.WriteCapacityUnits ?? (isWrite ? capacity.CapacityUnits ?? 0 : 0);
        }

        var awsWrite = request is TransactWriteItemsRequest transaction ? AwsTransactionUnits(transaction) : write;
        lock (_lock)
        {
            _read += read;
            _write += write;
            _awsWrite += awsWrite;
        }
    }

    private void RecordFailure(AmazonWebServiceRequest? request, Exception? exception)
    {
        if (exception is not ConditionalCheckFailedException failed)
        {
            return;
        }

        var written = request switch
        {
            PutItemRequest put => Items.SizeOf(put.Item),
            _ => 0,
        };
        var existing = failed.Item is { Count: > 0 } item ? Items.SizeOf(item) : 0;
        lock (_lock)
        {
            _awsWrite += Math.Max(1, Math.Ceiling(Math.Max(written, existing) / Kilobyte));
        }
    }

    private static double AwsTransactionUnits(TransactWriteItemsRequest request) => request.TransactItems.Sum(action =>
    {
        var bytes = action switch
        {
            { Put: { } put } => Items.SizeOf(put.Item),
            { Update: { } update } => Items.SizeOf(update.Key) + update.ExpressionAttributeValues.Values.Sum(Items.SizeOf),
            { Delete: not null } => 1,
            // A condition check writes nothing; what it reads is not known from the request.
            _ => 0,
        };
        return bytes == 0 ? 0 : 2 * Math.Ceiling(bytes / Kilobyte);
    });

    private static List<ConsumedCapacity>? One(ConsumedCapacity? capacity) => capacity is null ? null : [capacity];
}
