using Application.Common;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Worker;

public static class DependencyInjection
{
    /// <summary>
    /// Registers the background snapshot job (section "Worker"). Any host can run it: the worker host, or the API
    /// in-process. Where it runs it takes over snapshotting, so commands only flag their streams
    /// (<c>Application:SnapshotOnCommandPath</c> off) unless "Worker:TakeOverSnapshots" is false.
    /// Needs <c>AddApplication</c> and an event store adapter.
    /// </summary>
    public static IServiceCollection AddSnapshotWorker(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        var section = configuration.GetSection(SnapshotWorkerOptions.SectionName);
        services.AddOptions<SnapshotWorkerOptions>()
            .Bind(section)
            .Validate(
                o => o.BatchSize is >= 1 and <= 1000 && o.PollInterval > TimeSpan.Zero && o.ShutdownGrace >= TimeSpan.Zero,
                "Worker options: BatchSize 1-1000, PollInterval > 0, ShutdownGrace >= 0.")
            .ValidateOnStart();

        // Whether the job runs at all decides what is registered, so it is read here rather than through IOptions.
        var settings = section.Get<SnapshotWorkerOptions>() ?? new SnapshotWorkerOptions();
        if (!settings.Enabled)
        {
            return services;
        }

        if (settings.TakeOverSnapshots)
        {
            // PostConfigure wins over the "Application" section whatever order the host registered things in.
            services.PostConfigure<ApplicationOptions>(o => o.SnapshotOnCommandPath = false);
        }

        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<WorkerTelemetry>();
        services.TryAddSingleton<SnapshotJob>();
        services.AddHostedService<SnapshotWorker>();
        return services;
    }
}
