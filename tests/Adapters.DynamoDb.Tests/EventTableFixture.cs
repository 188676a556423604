using System.Diagnostics.Metrics;
using Adapters.DynamoDb;
using Amazon.DynamoDBv2;
using DynamoDbLocal;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Adapters.DynamoDb.Tests;

/// <summary>
/// One table of its own per test class, on the process-wide DynamoDB Local, created by the adapter's own
/// EnsureTableAsync and deleted afterwards.
/// </summary>
public sealed class EventTableFixture : IAsyncLifetime
{
    private ServiceProvider? _metrics;
    private DynamoDbLocalServer? _server;
    private IAmazonDynamoDB? _client;
    private DynamoDbCapacityMeter? _meter;

    public DynamoDbLocalServer Server => _server ?? throw NotReady();

    public string TableName { get; } = DynamoDbLocalServer.NewTableName("adapter");

    public IAmazonDynamoDB Client => _client ?? throw NotReady();

    public DynamoDbCapacityMeter Meter => _meter ?? throw NotReady();

    public IOptions<DynamoDbOptions> Options => Microsoft.Extensions.Options.Options.Create(new DynamoDbOptions
    {
        TableName = TableName,
        ServiceUrl = Server.ServiceUrl.ToString(),
        Region = DynamoDbLocalServer.Region,
    });

    public async Task InitializeAsync()
    {
        _server = await DynamoDbLocalServer.GetSharedAsync();
        _client = _server.CreateClient();
        _meter = NewMeter();
        await new DynamoDbEventTable(_client, Options, _meter).EnsureTableAsync();
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DeleteTableAsync(TableName);
        }

        _client?.Dispose();
        _meter?.Dispose();
        if (_metrics is not null)
        {
            await _metrics.DisposeAsync();
        }
    }

    internal DynamoDbEventStore NewStore(
        IAmazonDynamoDB? client = null, DynamoDbCapacityMeter? meter = null, bool loadInOneRoundTrip = true, int loadTailGuess = 20) =>
        new(client ?? Client, TableName, meter ?? Meter, loadInOneRoundTrip: loadInOneRoundTrip, loadTailGuess: loadTailGuess);

    internal DynamoDbSnapshotSchedule NewSchedule(IAmazonDynamoDB? client = null, TimeProvider? clock = null) =>
        new(client ?? Client, TableName, Meter, clock);

    public DynamoDbCapacityMeter NewMeter()
    {
        _metrics ??= new ServiceCollection().AddMetrics().BuildServiceProvider();
        return new DynamoDbCapacityMeter(_metrics.GetRequiredService<IMeterFactory>());
    }

    /// <summary>The host configuration for this table: the adapter's section plus any extra settings.</summary>
    public IConfiguration Configuration(IEnumerable<KeyValuePair<string, string?>>? extra = null) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(Server.ConfigurationFor(TableName))
            .AddInMemoryCollection(extra ?? [])
            .Build();

    private static InvalidOperationException NotReady() => new("The table fixture is not initialised yet.");
}
