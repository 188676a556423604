using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Adapters.DynamoDb;

/// <summary>Creates the table before the host serves anything, when <see cref="DynamoDbOptions.CreateTableIfMissing"/> is on.</summary>
internal sealed class EnsureTableOnStartup(DynamoDbEventTable table, IOptions<DynamoDbOptions> options) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) =>
        options.Value.CreateTableIfMissing ? table.EnsureTableAsync(cancellationToken) : Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
