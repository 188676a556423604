using Amazon.DynamoDBv2;
using EventSourcing;
using Benchmarks.Seeding;
using DynamoDbLocal;
using Microsoft.Extensions.DependencyInjection;

namespace Benchmarks.Designs;

/// <summary>The naive baseline (see <see cref="NaiveEventStore"/>) with the application on top.</summary>
internal sealed class NaiveDesign(DynamoDbLocalServer server, string tableName, IReadOnlyDictionary<string, string?> applicationSettings)
    : Design(server, tableName, applicationSettings, (services, _) => AddNaive(services, tableName))
{
    public const string DesignName = "naive";

    public override string Name => DesignName;

    public override string Summary =>
        "one item per event; load = Query of the whole partition, snapshot rows hidden by a FilterExpression (billed anyway); append = PutItem attribute_not_exists";

    public override Task CreateTableAsync(CancellationToken cancellationToken) => CreateKeyValueTableAsync(cancellationToken);

    public override Task SeedAsync(CharacterHistory history, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(history);
        var items = history.Events.Select((e, version) => NaiveEventStore.EventItem(history.Stream, version, e));
        if (history.NewestSnapshot is { } snapshot)
        {
            items = items.Append(NaiveEventStore.SnapshotItem(history.Stream, snapshot));
        }

        return BatchWriteAsync(items, cancellationToken);
    }

    private static void AddNaive(IServiceCollection services, string tableName)
    {
        services.AddSingleton<IEventStore>(sp => new NaiveEventStore(sp.GetRequiredService<IAmazonDynamoDB>(), tableName));
        // Snapshots are written on the command path in every run; the schedule is registered because the application asks for one.
        services.AddSingleton<ISnapshotSchedule>(_ => new Adapters.InMemory.InMemorySnapshotSchedule());
    }
}
