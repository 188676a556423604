using EventSourcing;
using Microsoft.Extensions.Hosting;

namespace Hosting.Projections;

/// <summary>Runs the feed processor for the host's lifetime: it takes free shards, projects, and gives its shards up on stop.</summary>
internal sealed class ProjectionWorker(FeedProcessor processor) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => processor.RunAsync(stoppingToken);
}
