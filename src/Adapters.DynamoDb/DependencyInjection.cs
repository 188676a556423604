using Amazon.DynamoDBv2;
using EventSourcing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Adapters.DynamoDb;

public static class DependencyInjection
{
    /// <summary>
    /// Registers the DynamoDB event store and snapshot schedule, bound from the "DynamoDb" section. An
    /// <see cref="IAmazonDynamoDB"/> registered before this call is used as is (tests wrap the client this way).
    /// </summary>
    public static IServiceCollection AddDynamoDbEventStore(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<DynamoDbOptions>().Bind(configuration.GetSection(DynamoDbOptions.SectionName));
        return services.AddDynamoDbEventStoreCore();
    }

    /// <summary>
    /// Registers the DynamoDB event store and snapshot schedule with options set in code, for applications that do
    /// not bind configuration. Creating the table is not part of it: see <see cref="AddDynamoDbTableOnStartup"/>.
    /// </summary>
    public static IServiceCollection AddDynamoDbEventStore(this IServiceCollection services, Action<DynamoDbOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<DynamoDbOptions>().Configure(configure);
        return services.AddDynamoDbEventStoreCore();
    }

    /// <summary>
    /// The host's choice: a hosted service that creates the table and its indexes before the host serves anything, when
    /// <see cref="DynamoDbOptions.CreateTableIfMissing"/> is on. Production hosts usually leave the table to infrastructure
    /// code and need no CreateTable permission.
    /// </summary>
    public static IServiceCollection AddDynamoDbTableOnStartup(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddHostedService<EnsureTableOnStartup>();
        return services;
    }

    private static IServiceCollection AddDynamoDbEventStoreCore(this IServiceCollection services)
    {
        services.AddOptions<DynamoDbOptions>()
            .Validate(o => !string.IsNullOrWhiteSpace(o.TableName), "DynamoDb:TableName is required.")
            .Validate(o => !string.IsNullOrWhiteSpace(o.Region), "DynamoDb:Region is required.")
            .Validate(o => string.IsNullOrWhiteSpace(o.ServiceUrl) || Uri.TryCreate(o.ServiceUrl, UriKind.Absolute, out _), "DynamoDb:ServiceUrl must be an absolute URL.")
            .Validate(o => o.MaxErrorRetry is >= 0 and <= 10, "DynamoDb:MaxErrorRetry is between 0 and 10.")
            .Validate(o => o.RequestTimeout > TimeSpan.Zero, "DynamoDb:RequestTimeout must be positive.")
            .Validate(o => o.FeedShards is >= 0 and <= 256, "DynamoDb:FeedShards is between 0 (no feed) and 256.");

        services.AddMetrics();
        services.TryAddSingleton<DynamoDbCapacityMeter>();
        services.TryAddSingleton(sp => DynamoDbClientFactory.Create(sp.GetRequiredService<IOptions<DynamoDbOptions>>().Value));
        services.TryAddSingleton<DynamoDbEventTable>();
        services.TryAddSingleton<DynamoDbBulkLoader>();
        services.TryAddSingleton(sp => new DynamoDbEventStore(
            sp.GetRequiredService<IAmazonDynamoDB>(), sp.GetRequiredService<IOptions<DynamoDbOptions>>(), sp.GetRequiredService<DynamoDbCapacityMeter>()));
        services.TryAddSingleton<IEventStore>(sp => sp.GetRequiredService<DynamoDbEventStore>());
        services.TryAddSingleton<ISnapshotSchedule>(sp => new DynamoDbSnapshotSchedule(
            sp.GetRequiredService<IAmazonDynamoDB>(),
            sp.GetRequiredService<IOptions<DynamoDbOptions>>(),
            sp.GetRequiredService<DynamoDbCapacityMeter>(),
            sp.GetService<TimeProvider>()));
        services.TryAddSingleton<IEventFeed>(sp => new DynamoDbEventFeed(
            sp.GetRequiredService<IAmazonDynamoDB>(), sp.GetRequiredService<IOptions<DynamoDbOptions>>(), sp.GetRequiredService<DynamoDbCapacityMeter>()));
        services.TryAddSingleton<ISubscriptionStore>(sp => new DynamoDbSubscriptionStore(
            sp.GetRequiredService<IAmazonDynamoDB>(),
            sp.GetRequiredService<IOptions<DynamoDbOptions>>(),
            sp.GetRequiredService<DynamoDbCapacityMeter>(),
            sp.GetService<TimeProvider>()));
        services.TryAddSingleton<IProjectionStore>(sp => new DynamoDbProjectionStore(
            sp.GetRequiredService<IAmazonDynamoDB>(), sp.GetRequiredService<IOptions<DynamoDbOptions>>(), sp.GetRequiredService<DynamoDbCapacityMeter>()));
        return services;
    }
}
