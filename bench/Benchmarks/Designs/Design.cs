using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Application;
using EventSourcing;
using Benchmarks.Measurement;
using Benchmarks.Seeding;
using DynamoDbLocal;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Benchmarks.Designs;

/// <summary>
/// One event store design on DynamoDB Local: its own table, its own metered client, and the application composed on
/// top of it exactly as a host would compose it (AddApplication plus the design's IEventStore), so the same requests
/// drive all three designs.
/// </summary>
internal abstract class Design : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    protected Design(
        DynamoDbLocalServer server,
        string tableName,
        IReadOnlyDictionary<string, string?> applicationSettings,
        Action<IServiceCollection, IConfiguration> addStore)
    {
        ArgumentNullException.ThrowIfNull(addStore);
        ArgumentNullException.ThrowIfNull(server);
        TableName = tableName;
        // A long timeout: on a busy machine one 1 MB page of the naive design's 100,000-event load can take over 30 s.
        Client = server.CreateClient(timeout: TimeSpan.FromMinutes(5));
        Meter = RequestMeter.Attach((AmazonServiceClient)Client);

        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(applicationSettings)
            .AddInMemoryCollection(server.ConfigurationFor(tableName))
            .Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddApplication(configuration);
        services.AddSingleton(Client);
        addStore(services, configuration);
        DecorateStore(services);
        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        Conflicts = (CountingEventStore)_services.GetRequiredService<IEventStore>();
    }

    public abstract string Name { get; }

    /// <summary>One line for the report: what this design does on a load and on an append.</summary>
    public abstract string Summary { get; }

    public string TableName { get; }

    public IAmazonDynamoDB Client { get; }

    public RequestMeter Meter { get; }

    public CountingEventStore Conflicts { get; }

    public IServiceProvider Services => _services;

    public IEventStore Store => _services.GetRequiredService<IEventStore>();

    public abstract Task CreateTableAsync(CancellationToken cancellationToken);

    /// <summary>Writes the whole history in this design's own layout with BatchWriteItem, as if its commands had run.</summary>
    public abstract Task SeedAsync(CharacterHistory history, CancellationToken cancellationToken);

    public async Task DeleteTableAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Client.DeleteTableAsync(new DeleteTableRequest { TableName = TableName }, cancellationToken).ConfigureAwait(false);
        }
        catch (ResourceNotFoundException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync().ConfigureAwait(false);
        Client.Dispose();
    }

    /// <summary>Creates a pk (S) / sk (N) table billed per request, as both baselines use.</summary>
    protected async Task CreateKeyValueTableAsync(CancellationToken cancellationToken)
    {
        await Client.CreateTableAsync(
            new CreateTableRequest
            {
                TableName = TableName,
                BillingMode = BillingMode.PAY_PER_REQUEST,
                AttributeDefinitions = [new AttributeDefinition("pk", ScalarAttributeType.S), new AttributeDefinition("sk", ScalarAttributeType.N)],
                KeySchema = [new KeySchemaElement("pk", KeyType.HASH), new KeySchemaElement("sk", KeyType.RANGE)],
            },
            cancellationToken).ConfigureAwait(false);
        while ((await Client.DescribeTableAsync(TableName, cancellationToken).ConfigureAwait(false)).Table.TableStatus != TableStatus.ACTIVE)
        {
            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>BatchWriteItem in chunks of 25, retrying what DynamoDB leaves unprocessed.</summary>
    protected async Task BatchWriteAsync(IEnumerable<Dictionary<string, AttributeValue>> items, CancellationToken cancellationToken)
    {
        foreach (var chunk in items.Chunk(25))
        {
            var pending = new Dictionary<string, List<WriteRequest>>
            {
                [TableName] = chunk.Select(item => new WriteRequest { PutRequest = new PutRequest { Item = item } }).ToList(),
            };
            for (var attempt = 1; pending.Count > 0; attempt++)
            {
                if (attempt > 10)
                {
                    throw new InvalidOperationException($"DynamoDB Local left items unprocessed in {TableName} after 10 attempts.");
                }

                var response = await Client.BatchWriteItemAsync(
                    new BatchWriteItemRequest { RequestItems = pending, ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL },
                    cancellationToken).ConfigureAwait(false);
                pending = response.UnprocessedItems is { Count: > 0 } left ? left : [];
                if (pending.Count > 0)
                {
                    await Task.Delay(50 * attempt, cancellationToken).ConfigureAwait(false);
                }
            }
        }
    }

    // The workloads count conflicts through this decorator; it replaces the design's registration and wraps it.
    private static void DecorateStore(ServiceCollection services)
    {
        var registration = services.LastOrDefault(d => d.ServiceType == typeof(IEventStore))
            ?? throw new InvalidOperationException("The design registered no IEventStore.");
        services.Remove(registration);
        services.AddSingleton<IEventStore>(sp => new CountingEventStore(
            (IEventStore)(registration.ImplementationInstance
                ?? registration.ImplementationFactory?.Invoke(sp)
                ?? ActivatorUtilities.CreateInstance(sp, registration.ImplementationType!))));
    }
}
