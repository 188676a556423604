using Amazon.DynamoDBv2;
using Application;
using Microsoft.Extensions.DependencyInjection;

namespace Adapters.DynamoDb.Tests;

/// <summary>The real application layer on the DynamoDB adapter, as a host composes it, for one test table.</summary>
internal static class ApplicationHost
{
    public static ServiceProvider Build(
        EventTableFixture table, IAmazonDynamoDB? client = null, int snapshotInterval = 50, params KeyValuePair<string, string?>[] settings)
    {
        var configuration = table.Configuration(
        [
            new("Application:SnapshotInterval", snapshotInterval.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new("DynamoDb:CreateTableIfMissing", "false"),
            .. settings,
        ]);
        var services = new ServiceCollection();
        services.AddLogging();
        if (client is not null)
        {
            services.AddSingleton(client);
        }

        services.AddApplication(configuration);
        services.AddDynamoDbEventStore(configuration);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
    }
}
