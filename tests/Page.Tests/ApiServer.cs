using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Page.Tests;

/// <summary>
/// The real API host (Program) on Kestrel, listening on a free loopback port, serving the page at / and the API
/// beside it. The browser talks to it over real HTTP. In-memory store unless settings say otherwise.
/// </summary>
public sealed class ApiServer : WebApplicationFactory<Program>
{
    /// <summary>The DM's key in these tests.</summary>
    public const string Key = "page-test-key-0123456789abcdef";

    private readonly Dictionary<string, string?> _settings = new(StringComparer.Ordinal)
    {
        ["EventStore:Provider"] = "InMemory",
        ["Api:KeyHashes:0"] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Key))),
        ["Api:RateLimit:PermitLimit"] = "100000",
        ["Api:RateLimit:WindowSeconds"] = "60",
        ["Logging:LogLevel:Default"] = "Warning",
        ["Telemetry:ConsoleExporter"] = "false",
    };

    public ApiServer(IReadOnlyDictionary<string, string?>? settings = null)
    {
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }

        UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
    }

    /// <summary>Where the page is, e.g. http://127.0.0.1:41234/.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    public ApiServer Start()
    {
        StartServer();
        var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        BaseUrl = new Uri(address.EndsWith('/') ? address : address + "/");
        if (!IPAddress.IsLoopback(IPAddress.Parse(BaseUrl.Host)))
        {
            throw new InvalidOperationException($"The API listens on {BaseUrl}, which is not loopback.");
        }

        return this;
    }

    /// <summary>A plain HTTP client to the same server, for acting behind the page's back.</summary>
    public HttpClient Http(string? key = Key)
    {
        var client = new HttpClient { BaseAddress = BaseUrl };
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (key is not null)
        {
            client.DefaultRequestHeaders.Add("X-Api-Key", key);
        }

        return client;
    }

    /// <summary>Creates a character over HTTP and returns its id.</summary>
    public async Task<string> CreateCharacterAsync(string name, int maximumHitPoints)
    {
        using var http = Http();
        using var response = await http.PostAsJsonAsync("characters", new { name, maximumHitPoints });
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<CommandResponse>();
        return body!.CharacterId;
    }

    /// <summary>What the API says a character's state is.</summary>
    public async Task<CharacterState> GetCharacterAsync(string id)
    {
        using var http = Http();
        return (await http.GetFromJsonAsync<CharacterState>($"characters/{id}"))!;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }
}

public sealed record CommandResponse(string CharacterId, long Version);

public sealed record CharacterState(
    string CharacterId, string Name, int MaximumHitPoints, int CurrentHitPoints, int TemporaryHitPoints, string Condition, long Version);
