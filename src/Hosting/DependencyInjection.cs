using Adapters.DynamoDb;
using Adapters.InMemory;
using EventSourcing;
using Hosting.Projections;
using Hosting.Snapshots;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Hosting;

/// <summary>What every host composes the same way: the event store adapter, telemetry and health checks.</summary>
public static class DependencyInjection
{
    private const string HealthCheckServiceLogCategory = "Microsoft.Extensions.Diagnostics.HealthChecks.DefaultHealthCheckService";

    /// <summary>
    /// Registers the event store adapter that "EventStore:Provider" names: "InMemory" or "DynamoDb" (any case).
    /// Only hosts choose an adapter; this is the one place they do it.
    /// </summary>
    /// <exception cref="InvalidOperationException">The provider is missing or unknown.</exception>
    public static IServiceCollection AddEventStoreFromConfiguration(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        var options = EventStoreOptions.From(configuration);
        return options.Provider switch
        {
            EventStoreProvider.InMemory => services.AddInMemoryEventStore(),
            EventStoreProvider.DynamoDb => services.AddDynamoDbEventStore(configuration).AddDynamoDbTableOnStartup(),
            _ => throw new InvalidOperationException($"Unhandled event store provider {options.Provider}."),
        };
    }

    /// <summary>
    /// OpenTelemetry metrics (meters "Hexagonal.Application", "Hexagonal.DynamoDb" and any "Hexagonal.*") and traces
    /// (sources "Hexagonal.*"), with outgoing HTTP calls (OpenTelemetry.Instrumentation.Http), exported to the console unless "Telemetry:ConsoleExporter" is false, and over OTLP when
    /// "Telemetry:OtlpEndpoint" is set. Also registers the health checks (the event store answers a cheap read) and a
    /// publisher that logs them, so that hosts without HTTP report their health too.
    /// </summary>
    public static IServiceCollection AddHexagonalTelemetry(this IServiceCollection services, IConfiguration configuration, string serviceName)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentException.ThrowIfNullOrWhiteSpace(serviceName);

        // Read once here rather than through IOptions: which exporters exist is decided while registering.
        var telemetry = configuration.GetSection(TelemetryOptions.SectionName).Get<TelemetryOptions>() ?? new TelemetryOptions();
        services.AddOptions<TelemetryOptions>().Bind(configuration.GetSection(TelemetryOptions.SectionName));

        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(EventSourcingMetrics.MeterName, TelemetryNames.DynamoDbMeter, TelemetryNames.AllHexagonal);

                // Outgoing HTTP (the AWS SDK's calls to DynamoDB): http.client.* metrics. Incoming requests are the
                // HTTP host's own business (the API adds the ASP.NET Core instrumentation).
                metrics.AddHttpClientInstrumentation();
                if (telemetry.ConsoleExporter)
                {
                    metrics.AddConsoleExporter((_, reader) =>
                        reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = telemetry.MetricExportIntervalMilliseconds);
                }

                if (telemetry.OtlpUri is { } endpoint)
                {
                    metrics.AddOtlpExporter((exporter, reader) =>
                    {
                        ConfigureOtlp(exporter, endpoint, telemetry);
                        reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = telemetry.MetricExportIntervalMilliseconds;
                    });
                }
            })
            .WithTracing(tracing =>
            {
                tracing.AddSource(TelemetryNames.AllHexagonal);
                tracing.AddHttpClientInstrumentation();
                if (telemetry.ConsoleExporter)
                {
                    tracing.AddConsoleExporter();
                }

                if (telemetry.OtlpUri is { } endpoint)
                {
                    tracing.AddOtlpExporter(exporter => ConfigureOtlp(exporter, endpoint, telemetry));
                }
            });

        services.AddHealthChecks()
            .AddCheck<EventStoreHealthCheck>(
                EventStoreHealthCheck.Name,
                HealthStatus.Unhealthy,
                [TelemetryNames.ReadyTag],
                TimeSpan.FromSeconds(telemetry.HealthCheckTimeoutSeconds));
        services.AddSingleton<IHealthCheckPublisher, LoggingHealthCheckPublisher>();

        // The health check service logs every unhealthy result as an error with its exception's stack trace, each
        // time a check runs. The publisher above logs one warning line per check instead.
        services.AddLogging(logging => logging.AddFilter(HealthCheckServiceLogCategory, LogLevel.None));
        return services;
    }

    private static void ConfigureOtlp(OtlpExporterOptions exporter, Uri endpoint, TelemetryOptions telemetry)
    {
        exporter.Endpoint = endpoint;
        exporter.Protocol = telemetry.OtlpProtocol;
    }

    /// <summary>
    /// Runs the projections from the change feed in this host (section "Feed"; "Feed:Enabled" false, or
    /// "DynamoDb:FeedShards" 0 on the DynamoDB adapter, turns it off), with a
    /// health check that turns degraded past "Feed:DegradedLag". Several hosts may run it: they share the shards by lease.
    /// Needs <c>AddApplication</c> (which registers the projections) and an event store adapter.
    /// </summary>
    public static IServiceCollection AddProjectionWorker(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(FeedOptions.SectionName);
        services.AddOptions<FeedOptions>().Bind(section);
        if (!section.GetValue("Enabled", true) || FeedTurnedOff(configuration))
        {
            return services;
        }

        services.TryAddSingleton(TimeProvider.System);
        services.AddHealthChecks().AddCheck<ProjectionHealthCheck>(ProjectionHealthCheck.Name, HealthStatus.Degraded);
        services.AddHostedService<ProjectionWorker>();
        return services;
    }

    /// <summary>
    /// "DynamoDb:FeedShards" 0 writes no feed keys: there is no feed to follow, so no projection worker runs (the board
    /// keeps the rows it has and does not follow new events). Same meaning as "Feed:Enabled" false.
    /// </summary>
    private static bool FeedTurnedOff(IConfiguration configuration) =>
        string.Equals(configuration[$"{EventStoreOptions.SectionName}:{nameof(EventStoreOptions.Provider)}"]?.Trim(), nameof(EventStoreProvider.DynamoDb), StringComparison.OrdinalIgnoreCase)
        && configuration.GetValue($"{DynamoDbOptions.SectionName}:{nameof(DynamoDbOptions.FeedShards)}", DynamoDbOptions.DefaultFeedShards) == 0;

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
            services.PostConfigure<EventSourcingOptions>(o => o.SnapshotOnCommandPath = false);
        }

        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<WorkerTelemetry>();
        services.TryAddSingleton<SnapshotJob>();
        services.AddHostedService<SnapshotWorker>();
        return services;
    }
}
