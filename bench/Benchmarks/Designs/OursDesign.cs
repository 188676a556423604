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
internal sealed class OursDesign(DynamoDbLocalServer server, string tableName, IReadOnlyDictionary<string, string?> applicationSettings)
    : Design(server, tableName, applicationSettings, (services, configuration) => services.AddDynamoDbEventStore(configuration))
{
    public const string DesignName = "ours";

    public override string Name => DesignName;

    public override string Summary =>
        "product adapter: one item per event, snapshot item in the stream's partition; load = GetItem snapshot + Query of the events after it; append = one conditional PutItem (a transaction for several events)";

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
