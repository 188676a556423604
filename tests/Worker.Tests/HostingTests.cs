using Adapters.InMemory;
using Application;
using EventSourcing;
using Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
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
