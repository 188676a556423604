using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Benchmarks.Designs;

namespace Benchmarks.Measurement;

/// <summary>
/// Requests sent and capacity units consumed, as a running total. <see cref="AwsWriteCapacityUnits"/> is the write
/// capacity AWS would bill by its published rules where DynamoDB Local reports something else (see <see cref="RequestMeter"/>).
/// </summary>
internal readonly record struct Usage(
    long Requests, double ReadCapacityUnits, double WriteCapacityUnits, double AwsWriteCapacityUnits, double AwsReadCapacityUnits = 0, long RoundTrips = 0)
{
    public static Usage operator -(Usage after, Usage before) => new(
        after.Requests - before.Requests,
        after.ReadCapacityUnits - before.ReadCapacityUnits,
        after.WriteCapacityUnits - before.WriteCapacityUnits,
        after.AwsWriteCapacityUnits - before.AwsWriteCapacityUnits,
        after.AwsReadCapacityUnits - before.AwsReadCapacityUnits,
        after.RoundTrips - before.RoundTrips);

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
/// (3) A strongly consistent read that finds nothing is billed 1 read unit by AWS and reported as 0 by DynamoDB Local
/// (for a Query); the AWS read estimate counts every read request at least 1 unit. (4) An item put inside a transaction also
/// writes its index entries (the change feed's, and the by-category index's for a stream's first event), billed at 1 WCU
/// per KB of entry and not in DynamoDB Local's transaction figure (a single PutItem's reported figure includes them).
/// </para>
/// <para>
/// Round trips: a request sent while none of this client's requests is in flight starts one. Requests sent together
/// (a parallel load) share one; meaningful only where one caller uses the client at a time.
/// </para>
/// </summary>
internal sealed class RequestMeter
{
    private const double Kilobyte = 1024;

    // The product adapter's index keys (Adapters.DynamoDb TableSchema.FeedPk, FeedSk, Gsi1Pk and Gsi1Sk, internal there).
    private const string FeedPartitionKey = "fpk";
    private const string FeedSortKey = "fsk";
    private const string ByCategoryPartitionKey = "gsi1pk";
    private const string ByCategorySortKey = "gsi1sk";
    private const double IndexEntryOverhead = 100;

    private readonly Lock _lock = new();
    private long _requests;
    private double _read;
    private double _write;
    private double _awsWrite;
    private double _awsRead;
    private long _roundTrips;
    private readonly HashSet<object> _inFlight = new(ReferenceEqualityComparer.Instance);

    public static RequestMeter Attach(AmazonServiceClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        var meter = new RequestMeter();
        client.BeforeRequestEvent += (_, e) => meter.CountRequest((e as WebServiceRequestEventArgs)?.Request);
        client.AfterResponseEvent += (_, e) =>
        {
            meter.Landed((e as WebServiceResponseEventArgs)?.Request);
            if (e is WebServiceResponseEventArgs args)
            {
                meter.Record(args.Request, args.Response);
            }
        };
        client.ExceptionEvent += (_, e) =>
        {
            meter.Landed((e as WebServiceExceptionEventArgs)?.Request);
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
            return new Usage(_requests, _read, _write, _awsWrite, _awsRead, _roundTrips);
        }
    }

    private void CountRequest(object? request)
    {
        lock (_lock)
        {
            _requests++;
            if (_inFlight.Count == 0)
            {
                _roundTrips++;
            }

            if (request is not null)
            {
                _inFlight.Add(request);
            }
        }
    }

    private void Landed(object? request)
    {
        lock (_lock)
        {
            if (request is not null)
            {
                _inFlight.Remove(request);
            }
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
        var awsRead = isWrite || capacities is null ? read : Math.Max(1, read);
        lock (_lock)
        {
            _read += read;
            _awsRead += awsRead;
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
        return (bytes == 0 ? 0 : 2 * Math.Ceiling(bytes / Kilobyte)) + IndexEntryUnits(action.Put?.Item);
    });

    /// <summary>
    /// Index entries that an item put inside a transaction writes, billed at the standard rate (1 WCU per KB of the
    /// entry, which counts the entry's attributes plus 100 bytes of overhead); DynamoDB Local's transaction figure does
    /// not show them. Ours' table has two indexes an event item can be in: the change feed's sparse KEYS_ONLY index
    /// (keys fpk and fsk, on every event item: its entry is the table's and the index's keys) and the by-category
    /// index, projecting ALL (keys gsi1pk and gsi1sk, on a stream's first event only: its entry is the whole item).
    /// </summary>
    private static double IndexEntryUnits(Dictionary<string, AttributeValue>? item)
    {
        if (item is null)
        {
            return 0;
        }

        double units = 0;
        if (item.ContainsKey(FeedPartitionKey) && item.ContainsKey(FeedSortKey))
        {
            var entry = item.Where(a => a.Key is "pk" or "sk" or FeedPartitionKey or FeedSortKey).ToDictionary(a => a.Key, a => a.Value);
            units += Math.Ceiling((Items.SizeOf(entry) + IndexEntryOverhead) / Kilobyte);
        }

        if (item.ContainsKey(ByCategoryPartitionKey) && item.ContainsKey(ByCategorySortKey))
        {
            units += Math.Ceiling((Items.SizeOf(item) + IndexEntryOverhead) / Kilobyte);
        }

        return units;
    }

    private static List<ConsumedCapacity>? One(ConsumedCapacity? capacity) => capacity is null ? null : [capacity];
}
