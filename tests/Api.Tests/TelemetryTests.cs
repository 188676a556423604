using System.Diagnostics;
using System.Net;
using DynamoDbLocal;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Api.Tests;

/// <summary>
/// The spans and metrics the instrumentation packages produce (OpenTelemetry.Instrumentation.AspNetCore for incoming
/// requests, .Http for the AWS SDK's calls to DynamoDB), collected by the in-memory exporter from the API on Kestrel
/// over TCP against DynamoDB Local.
/// </summary>
public sealed class TelemetryTests(DynamoDbLocalFixture dynamoDb) : IClassFixture<DynamoDbLocalFixture>, IDisposable
{
    private readonly List<Activity> _spans = [];
    private readonly List<Metric> _metrics = [];
    private ApiFactory? _factory;

    public void Dispose() => _factory?.Dispose();

    [Fact]
    public async Task Given_a_command_over_HTTP_When_it_writes_to_DynamoDB_Then_a_server_span_by_route_with_client_spans_under_it_and_request_metrics()
    {
        var client = Start();
        var id = await client.CreateCharacter();

        var damage = await client.Damage(id, 2, "slashing", "goblin");

        Assert.Equal(HttpStatusCode.OK, damage.Status);
        var services = _factory!.Services;
        services.GetRequiredService<TracerProvider>().ForceFlush();
        services.GetRequiredService<MeterProvider>().ForceFlush();

        // Activity sources are process-wide, so other tests' hosts running in parallel feed this exporter too: pick
        // this request's span by its path (the character id is new).
        var server = Assert.Single(_spans.ToArray().Where(s => s is not null), s => s.Kind == ActivityKind.Server && Equals(s.GetTagItem("url.path"), $"/characters/{id}/damage"));
        Assert.Equal("POST /characters/{id}/damage", server.DisplayName);
        Assert.Equal("Microsoft.AspNetCore", server.Source.Name);
        Assert.Equal("/characters/{id}/damage", server.GetTagItem("http.route"));
        Assert.Equal(200, server.GetTagItem("http.response.status_code"));
        // The API's calls to DynamoDB Local, children of that request's span.
        var calls = _spans.ToArray().Where(s => s is not null && s.Kind == ActivityKind.Client && s.ParentSpanId == server.SpanId).ToList();
        Assert.NotEmpty(calls);
        Assert.All(calls, call =>
        {
            Assert.Equal("System.Net.Http", call.Source.Name);
            Assert.Equal("POST", call.GetTagItem("http.request.method"));
            Assert.Equal(200, call.GetTagItem("http.response.status_code"));
        });

        // Each flush exports the metric again (and other hosts' exporters share the process), so look through every export.
        var serverDurations = _metrics.ToArray().Where(m => m.Name == "http.server.request.duration").ToList();
        Assert.NotEmpty(serverDurations);
        Assert.Contains(serverDurations.SelectMany(Points), tags => Equals(tags.GetValueOrDefault("http.route"), "/characters/{id}/damage"));
        Assert.Contains(_metrics, m => m.Name == "http.client.request.duration" && m.MeterName == "System.Net.Http");
    }

    private HttpClient Start()
    {
        _factory = new ApiFactory().With("EventStore:Provider", "DynamoDb");
        foreach (var (key, value) in dynamoDb.Server.ConfigurationFor(DynamoDbLocalServer.NewTableName("api-otel")))
        {
            _factory.With(key, value);
        }

        _factory.WithServices(services => services.AddOpenTelemetry()
            .WithTracing(tracing => tracing.AddInMemoryExporter(_spans))
            .WithMetrics(metrics => metrics.AddInMemoryExporter(_metrics)));
        _factory.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        _factory.StartServer();
        var address = _factory.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        var client = new HttpClient { BaseAddress = new Uri(address) };
        client.DefaultRequestHeaders.Add("X-Api-Key", ApiFactory.Key);
        return client;
    }

    private static List<Dictionary<string, object?>> Points(Metric metric)
    {
        var points = new List<Dictionary<string, object?>>();
        foreach (ref readonly var point in metric.GetMetricPoints())
        {
            var tags = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var tag in point.Tags)
            {
                tags[tag.Key] = tag.Value;
            }

            points.Add(tags);
        }

        return points;
    }
}
