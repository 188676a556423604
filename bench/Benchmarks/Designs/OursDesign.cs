using Adapters.DynamoDb;
using Benchmarks.Measurement;
using Benchmarks.Seeding;
using DynamoDbLocal;
using Microsoft.Extensions.DependencyInjection;

namespace Benchmarks.Designs;

/// <summary>
/// The product's adapter exactly as a host registers it (AddDynamoDbEventStore), with its own table provisioning and
/// its own bulk loader for seeding. Nothing of it is re-implemented here.
/// </summary>
internal sealed class OursDesign(
    DynamoDbLocalServer server, string tableName, IReadOnlyDictionary<string, string?> applicationSettings, bool loadInOneRoundTrip = true, string name = OursDesign.DesignName)
    : Design(server, tableName, applicationSettings, (services, configuration) =>
    {
        services.AddDynamoDbEventStore(configuration);
        services.PostConfigure<DynamoDbOptions>(o => o.LoadInOneRoundTrip = loadInOneRoundTrip);
    })
{
    public const string DesignName = "ours";

    public override string Name => name;

    public override string Summary => loadInOneRoundTrip
        ? "product adapter: one item per event, snapshot item in the stream's partition; load = GetItem snapshot and a backward Query of the newest events sent together (one round trip; a short stream is one Query); append = one conditional PutItem (a transaction for several events)"
        : "product adapter with DynamoDb:LoadInOneRoundTrip=false: load = GetItem snapshot, then a Query of the events from it (two round trips)";

    /// <summary>Makes the adapter forget what it knows of the stream, so its next load is a first load (a "cold" one).</summary>
    public void Forget(EventSourcing.StreamId stream) => Services.GetRequiredService<DynamoDbEventStore>().Forget(stream);

    /// <summary>What the adapter's own meter has recorded, summed over its operations (to cross-check ours).</summary>
    public Usage ProductMeterTotals()
    {
        var totals = Services.GetRequiredService<DynamoDbCapacityMeter>().Snapshot().Values;
        var write = totals.Sum(t => t.WriteCapacityUnits);
        return new Usage(totals.Sum(t => t.Requests), totals.Sum(t => t.ReadCapacityUnits), write, write);
    }

    public override Task CreateTableAsync(CancellationToken cancellationToken) =>
        Services.GetRequiredService<DynamoDbEventTable>().EnsureTableAsync(cancellationToken);

    public override async Task SeedAsync(CharacterHistory history, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(history);
        await Services.GetRequiredService<DynamoDbBulkLoader>().ImportAsync(history.Stream, history.Events, cancellationToken).ConfigureAwait(false);
        if (history.NewestSnapshot is { } snapshot && !await Store.WriteSnapshotAsync(history.Stream, snapshot, cancellationToken).ConfigureAwait(false))
        {
            throw new InvalidOperationException($"The adapter refused the seed snapshot of {history.Stream} at {snapshot.Version}.");
        }
    }
}
