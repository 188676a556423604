using Application;
using Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Worker;

public static class DependencyInjection
{
    /// <summary>
    /// The worker host's composition: the application, the event store its configuration names, telemetry, and the
    /// background snapshot job (which takes snapshotting off the command path).
    /// </summary>
    public static IServiceCollection AddWorker(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        return services
            .AddApplication(configuration)
            .AddEventStoreFromConfiguration(configuration)
            .AddHexagonalTelemetry(configuration, "hexagonal-worker")
            .AddSnapshotWorker(configuration)
            .AddProjectionWorker(configuration);
    }
}
