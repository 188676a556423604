using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using EventSourcing;
using Benchmarks.Seeding;
using DynamoDbLocal;
using Microsoft.Extensions.DependencyInjection;

namespace Benchmarks.Designs;

/// <summary>The tip baseline (see <see cref="TipEventStore"/>) with the application on top.</summary>
internal sealed class TipDesign(DynamoDbLocalServer server, string tableName, IReadOnlyDictionary<string, string?> applicationSettings)
    : Design(server, tableName, applicationSettings, (services, _) => AddTip(services, tableName))
{
    public const string DesignName = "tip";

    public override string Name => DesignName;

    public override string Summary =>
        "Equinox-style tip item holding the snapshot and the recent events; load = GetItem of the tip; append = conditional UpdateItem rewriting the tip, events moved out to a batch item past 32 KB";

    public override Task CreateTableAsync(CancellationToken cancellationToken) => CreateKeyValueTableAsync(cancellationToken);

    /// <summary>Replays the history through the same layout rule the store applies, then writes the batches and the tip.</summary>
    public override Task SeedAsync(CharacterHistory history, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(history);
        var pk = history.Stream.ToString();
        var tip = TipImage.Empty;
        var items = new List<Dictionary<string, AttributeValue>>();
        for (var version = 0; version < history.Events.Count; version++)
        {
            var (next, batch) = TipLayout.Append(tip, [TipLayout.EventValue(history.Events[version])], pk);
            if (batch is not null)
            {
                items.Add(batch);
            }

            tip = history.SnapshotAt(version) is { } snapshot ? next with { Snapshot = TipLayout.SnapshotValue(snapshot) } : next;
        }

        items.Add(tip.ToItem(pk));
        return BatchWriteAsync(items, cancellationToken);
    }

    private static void AddTip(IServiceCollection services, string tableName)
    {
        services.AddSingleton<IEventStore>(sp => new TipEventStore(sp.GetRequiredService<IAmazonDynamoDB>(), tableName));
        // Snapshots are written on the command path in every run; the schedule is registered because the application asks for one.
        services.AddSingleton<ISnapshotSchedule>(_ => new Adapters.InMemory.InMemorySnapshotSchedule());
    }
}
