using Adapters.InMemory;
using Application;
using EventSourcing;
using Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using NSubstitute;
using NSubstitute.ExceptionExtensions;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Worker.Tests;

/// <summary>The shared host composition in src/Hosting, which every host (worker, API, CLI) relies on.</summary>
public sealed class HostingTests
{
    [Theory]
    [InlineData("InMemory")]
    [InlineData("inmemory")]
    [InlineData(" INMEMORY ")]
    public async Task Given_provider_InMemory_in_any_case_When_composing_Then_the_in_memory_adapter_is_registered(string provider)
    {
        await using var services = Compose(new() { ["EventStore:Provider"] = provider });

        Assert.IsType<InMemoryEventStore>(services.GetRequiredService<IEventStore>());
        Assert.IsType<InMemorySnapshotSchedule>(services.GetRequiredService<ISnapshotSchedule>());
    }

    [Theory]
    [InlineData("0", false)]
    [InlineData("4", true)]
    public async Task Given_DynamoDb_FeedShards_When_the_projection_worker_is_added_Then_it_runs_only_when_there_is_a_feed(string shards, bool runs)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["EventStore:Provider"] = "DynamoDb",
            ["DynamoDb:ServiceUrl"] = "http://127.0.0.1:9",
            ["DynamoDb:TableName"] = "t",
            ["DynamoDb:Region"] = "us-east-1",
            ["DynamoDb:FeedShards"] = shards,
        }).Build();
        await using var services = new ServiceCollection()
            .AddLogging()
            .AddApplication(configuration)
            .AddEventStoreFromConfiguration(configuration)
            .AddProjectionWorker(configuration)
            .BuildServiceProvider();

        // Resolving the hosted services builds them: with 0 shards the feed's constructor would throw, and the host not start.
        var hosted = services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().Select(h => h.GetType().Name).ToList();

        Assert.Equal(runs, hosted.Contains("ProjectionWorker"));
    }

    [Fact]
    public async Task Given_provider_DynamoDb_When_composing_Then_the_DynamoDB_adapter_is_registered()
    {
        await using var services = Compose(new()
        {
            ["EventStore:Provider"] = "DynamoDb",
            ["DynamoDb:ServiceUrl"] = "http://127.0.0.1:9",
            ["DynamoDb:TableName"] = "t",
            ["DynamoDb:Region"] = "us-east-1",
        });

        var store = services.GetRequiredService<IEventStore>();
        Assert.Equal("Adapters.DynamoDb", store.GetType().Namespace);
    }

    [Theory]
    [InlineData("Postgres", "is 'Postgres', which is not an event store. Use InMemory | DynamoDb.")]
    [InlineData("1", "is '1', which is not an event store.")]
    [InlineData(null, "EventStore:Provider is not set. Set it to InMemory | DynamoDb")]
    public void Given_a_missing_or_unknown_provider_When_composing_Then_the_error_names_the_choices(string? provider, string expected)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["EventStore:Provider"] = provider }).Build();

        var error = Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddEventStoreFromConfiguration(configuration));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_a_store_that_answers_When_health_is_checked_Then_it_is_healthy()
    {
        await using var services = Compose(new() { ["EventStore:Provider"] = "InMemory" });

        var report = await services.GetRequiredService<HealthCheckService>().CheckHealthAsync();

        Assert.Equal(HealthStatus.Healthy, report.Status);
        Assert.Contains("event-store", report.Entries.Keys);
    }

    [Fact]
    public async Task Given_a_store_that_fails_When_health_is_checked_Then_it_is_unhealthy_with_the_fault()
    {
        var store = Substitute.For<IEventStore>();
        store.ReadAsync(default, default, default, default, default).ThrowsAsyncForAnyArgs(new EventStoreUnavailableException("connection refused"));
        await using var services = Compose(new() { ["EventStore:Provider"] = "InMemory" }, s => s.AddSingleton(store));

        var report = await services.GetRequiredService<HealthCheckService>().CheckHealthAsync();

        Assert.Equal(HealthStatus.Unhealthy, report.Status);
        Assert.IsType<EventStoreUnavailableException>(report.Entries["event-store"].Exception);
    }

    [Fact]
    public async Task Given_a_store_that_fails_When_health_is_checked_and_published_Then_one_warning_line_without_the_stack_is_logged()
    {
        var logs = new CapturedLogs();
        var store = Substitute.For<IEventStore>();
        store.ReadAsync(default, default, default, default, default).ReturnsForAnyArgs(_ => FailDeepInsideAsync());
        await using var services = Compose(new() { ["EventStore:Provider"] = "InMemory" }, s => s.AddSingleton(store).AddLogging(b => b.AddProvider(logs)));

        await CheckAndPublishAsync(services);

        var line = Assert.Single(logs.Lines, l => l.Level >= LogLevel.Warning);
        Assert.Equal(LogLevel.Warning, line.Level);
        Assert.Null(line.Exception);
        Assert.Contains("event-store", line.Message, StringComparison.Ordinal);
        Assert.Contains("EventStoreUnavailableException: connection refused", line.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', line.Message);
        Assert.DoesNotContain(nameof(FailDeepInsideAsync), line.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_a_store_that_hangs_When_the_health_check_times_out_Then_one_warning_line_without_the_stack_is_logged()
    {
        var logs = new CapturedLogs();
        var store = Substitute.For<IEventStore>();
        store.ReadAsync(default, default, default, default, default).ReturnsForAnyArgs(call => HangAsync(call.ArgAt<CancellationToken>(4)));
        await using var services = Compose(
            new() { ["EventStore:Provider"] = "InMemory", ["Telemetry:HealthCheckTimeoutSeconds"] = "1" },
            s => s.AddSingleton(store).AddLogging(b => b.AddProvider(logs)));

        var report = await CheckAndPublishAsync(services);

        Assert.Equal(HealthStatus.Unhealthy, report.Status);
        var line = Assert.Single(logs.Lines, l => l.Level >= LogLevel.Warning);
        Assert.Equal(LogLevel.Warning, line.Level);
        Assert.Null(line.Exception);
        Assert.Contains("event-store", line.Message, StringComparison.Ordinal);
        Assert.Contains("did not answer within 00:00:01", line.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', line.Message);
    }

    [Fact]
    public async Task Given_an_OTLP_endpoint_and_no_console_When_composing_Then_metrics_and_traces_are_set_up()
    {
        await using var services = Compose(new()
        {
            ["EventStore:Provider"] = "InMemory",
            ["Telemetry:ConsoleExporter"] = "false",
            ["Telemetry:OtlpEndpoint"] = "http://127.0.0.1:4317",
        });

        Assert.NotNull(services.GetService<MeterProvider>());
        Assert.NotNull(services.GetService<TracerProvider>());
    }

    /// <summary>What the host does periodically: run the checks, then hand the report to the publishers.</summary>
    private static async Task<HealthReport> CheckAndPublishAsync(ServiceProvider services)
    {
        var report = await services.GetRequiredService<HealthCheckService>().CheckHealthAsync();
        foreach (var publisher in services.GetServices<IHealthCheckPublisher>())
        {
            await publisher.PublishAsync(report, CancellationToken.None);
        }

        return report;
    }

    /// <summary>Fails a few frames down, as the SDK does, so the exception carries a real stack trace.</summary>
    private static async Task<EventPage> FailDeepInsideAsync()
    {
        await Task.Yield();
        throw new EventStoreUnavailableException("connection refused", new HttpRequestException("No connection could be made"));
    }

    private static async Task<EventPage> HangAsync(CancellationToken cancellationToken)
    {
        await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
        throw new InvalidOperationException("unreachable");
    }

    private static ServiceProvider Compose(Dictionary<string, string?> settings, Action<IServiceCollection>? overrides = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection()
            .AddLogging()
            .AddApplication(configuration)
            .AddEventStoreFromConfiguration(configuration)
            .AddHexagonalTelemetry(configuration, "hosting-tests");
        overrides?.Invoke(services);
        return services.BuildServiceProvider();
    }
}
