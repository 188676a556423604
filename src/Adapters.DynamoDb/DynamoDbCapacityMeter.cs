using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Amazon.DynamoDBv2.Model;

namespace Adapters.DynamoDb;

/// <summary>Capacity and requests of one operation kind (load, append, snapshot, history, list, schedule, provision).</summary>
public readonly record struct CapacityTotals(long Requests, double ReadCapacityUnits, double WriteCapacityUnits)
{
    public static CapacityTotals operator -(CapacityTotals after, CapacityTotals before) => new(
        after.Requests - before.Requests,
        after.ReadCapacityUnits - before.ReadCapacityUnits,
        after.WriteCapacityUnits - before.WriteCapacityUnits);

    public static CapacityTotals operator +(CapacityTotals a, CapacityTotals b) => new(
        a.Requests + b.Requests, a.ReadCapacityUnits + b.ReadCapacityUnits, a.WriteCapacityUnits + b.WriteCapacityUnits);

    public CapacityTotals Subtract(CapacityTotals before) => this - before;

    public CapacityTotals Add(CapacityTotals other) => this + other;
}

/// <summary>
/// What the adapter's requests cost, from the ConsumedCapacity every response carries: counters on the meter
/// "Hexagonal.DynamoDb" (tagged operation = load|append|snapshot|history|list|schedule|provision) for the hosts'
/// exporters, and in-process totals for tests and benchmarks (<see cref="Snapshot"/>). A rejected conditional
/// write is billed by AWS but reports no capacity, so it counts here as a request only.
/// </summary>
public sealed class DynamoDbCapacityMeter : IDisposable
{
    public const string MeterName = "Hexagonal.DynamoDb";

    private readonly Meter _meter;
    private readonly Counter<double> _readUnits;
    private readonly Counter<double> _writeUnits;
    private readonly Counter<long> _requests;
    private readonly ConcurrentDictionary<string, Totals> _totals = new(StringComparer.Ordinal);

    public DynamoDbCapacityMeter(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _meter = meterFactory.Create(MeterName);
        _readUnits = _meter.CreateCounter<double>("hexagonal.dynamodb.read_capacity_units", "{RCU}", "Read capacity units consumed, by operation.");
        _writeUnits = _meter.CreateCounter<double>("hexagonal.dynamodb.write_capacity_units", "{WCU}", "Write capacity units consumed, by operation.");
        _requests = _meter.CreateCounter<long>("hexagonal.dynamodb.requests", "{request}", "Requests sent to DynamoDB, by operation.");
    }

    /// <summary>Totals per operation since the meter was created. Subtract two snapshots to cost a piece of work.</summary>
    public IReadOnlyDictionary<string, CapacityTotals> Snapshot() =>
        _totals.ToDictionary(kv => kv.Key, kv => kv.Value.Read(), StringComparer.Ordinal);

    /// <summary>The totals of one operation since the meter was created (zero if it never ran).</summary>
    public CapacityTotals For(string operation) => _totals.TryGetValue(operation, out var totals) ? totals.Read() : default;

    public void Dispose() => _meter.Dispose();

    internal void RecordRequest(string operation)
    {
        var tag = new KeyValuePair<string, object?>("operation", operation);
        _requests.Add(1, tag);
        TotalsOf(operation).AddRequest();
    }

    internal void RecordCapacity(string operation, bool isWrite, ConsumedCapacity? capacity)
    {
        if (capacity is null)
        {
            return;
        }

        // Newer responses split reads and writes (a transaction's condition check reads); older ones give a total.
        var read = capacity.ReadCapacityUnits ?? (isWrite ? 0 : capacity.CapacityUnits ?? 0);
        var write = capacity.WriteCapacityUnits ?? (isWrite ? capacity.CapacityUnits ?? 0 : 0);
        var tag = new KeyValuePair<string, object?>("operation", operation);
        if (read > 0)
        {
            _readUnits.Add(read, tag);
        }

        if (write > 0)
        {
            _writeUnits.Add(write, tag);
        }

        TotalsOf(operation).AddUnits(read, write);
    }

    internal void RecordCapacity(string operation, bool isWrite, IEnumerable<ConsumedCapacity>? capacities)
    {
        foreach (var capacity in capacities ?? [])
        {
            RecordCapacity(operation, isWrite, capacity);
        }
    }

    private Totals TotalsOf(string operation) => _totals.GetOrAdd(operation, static _ => new Totals());

    private sealed class Totals
    {
        private readonly Lock _lock = new();
        private long _requests;
        private double _read;
        private double _write;

        public void AddRequest()
        {
            lock (_lock)
            {
                _requests++;
            }
        }

        public void AddUnits(double read, double write)
        {
            lock (_lock)
            {
                _read += read;
                _write += write;
            }
        }

        public CapacityTotals Read()
        {
            lock (_lock)
            {
                return new CapacityTotals(_requests, _read, _write);
            }
        }
    }
}
