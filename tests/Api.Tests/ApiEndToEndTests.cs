using System.Net;
using System.Text.Json;
using Amazon.DynamoDBv2.Model;
using DynamoDbLocal;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Api.Tests;

/// <summary>
/// The API as it runs for real: Kestrel on a free 127.0.0.1 port, a plain HttpClient over TCP, and the DynamoDB
/// adapter against DynamoDB Local (a table of its own, created by the host at startup).
/// </summary>
public sealed class ApiEndToEndTests(DynamoDbLocalFixture dynamoDb) : IClassFixture<DynamoDbLocalFixture>, IAsyncLifetime, IDisposable
{
    private readonly string _table = DynamoDbLocalServer.NewTableName("api-e2e");
    private ApiFactory? _factory;
    private HttpClient? _client;

    public Task InitializeAsync()
    {
        _factory = new ApiFactory().With("EventStore:Provider", "DynamoDb");
        foreach (var (key, value) in dynamoDb.Server.ConfigurationFor(_table))
        {
            _factory.With(key, value);
        }

        // Port 0: the system picks a free port and the server reports which, so parallel runs never collide.
        _factory.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        _factory.StartServer();
        var address = _factory.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        _client = new HttpClient { BaseAddress = new Uri(address) };
        _client.DefaultRequestHeaders.Add("X-Api-Key", ApiFactory.Key);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Given_Kestrel_on_DynamoDB_Local_When_the_reference_scenario_runs_over_TCP_Then_the_character_has_3_HP_at_version_2()
    {
        var client = _client!;
        Assert.Equal("127.0.0.1", client.BaseAddress!.Host);
        Assert.NotEqual(0, client.BaseAddress.Port);
        var key = ("Idempotency-Key", Guid.NewGuid().ToString());

        var created = await client.PostJson("/characters", """{"name":"Tordek","maximumHitPoints":8}""", key);
        var repeated = await client.PostJson("/characters", """{"name":"Tordek","maximumHitPoints":8}""", key);
        var id = created.Json.GetProperty("characterId").GetString()!;
        var goblin = await client.Damage(id, 2, "slashing", "goblin", ("If-Match", "\"0\""));
        var bugbear = await client.Damage(id, 3, "bludgeoning", "bugbear");
        var stale = await client.Damage(id, 1, "fire", headers: ("If-Match", "\"0\""));
        var character = await client.Get($"/characters/{id}");
        var history = await client.Get($"/characters/{id}/history");
        var health = await client.Get("/health");

        Assert.Equal(HttpStatusCode.Created, created.Status);
        Assert.Equal(created.Body, repeated.Body);
        Assert.Equal(HttpStatusCode.OK, goblin.Status);
        Assert.Equal(HttpStatusCode.OK, bugbear.Status);
        stale.AssertProblem(HttpStatusCode.Conflict);
        Assert.Equal(2, stale.Json.GetProperty("currentVersion").GetInt64());
        Assert.Equal(HttpStatusCode.OK, character.Status);
        Assert.Equal(3, character.Json.GetProperty("currentHitPoints").GetInt32());
        Assert.Equal(2, character.Json.GetProperty("version").GetInt64());
        Assert.Equal("\"2\"", character.Header("ETag"));
        Assert.Equal(
            ["character-created.v2", "damage-taken.v2", "damage-taken.v2"],
            history.Json.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("type").GetString()));
        Assert.Equal(JsonValueKind.Null, history.Json.GetProperty("nextCursor").ValueKind);
        Assert.Equal(HttpStatusCode.OK, health.Status);

        // The events are in DynamoDB Local's table, not in some in-memory stand-in.
        using var dynamo = dynamoDb.Server.CreateClient();
        var scan = await dynamo.ScanAsync(new ScanRequest { TableName = _table, ConsistentRead = true });
        Assert.Contains(scan.Items, item => item.Values.Any(v => v.S?.Contains(id, StringComparison.Ordinal) == true));
    }

    [Fact]
    public async Task Given_Kestrel_on_DynamoDB_Local_When_the_goblin_ambush_runs_over_TCP_Then_Tordek_is_stable_and_Mialee_at_6()
    {
        var (id, tordek, mialee) = await GoblinAmbush.RunAsync(_client!);

        GoblinAmbush.AssertEnd(await _client!.Get($"/encounters/{id}"), tordek, mialee);
    }

    public async Task DisposeAsync()
    {
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }

        await dynamoDb.Server.DeleteTableAsync(_table);
    }

    // xUnit calls this after DisposeAsync.
    public void Dispose() => _client?.Dispose();
}
