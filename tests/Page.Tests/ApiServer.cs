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

    /// <summary>A player's key (docs/security.md), granted only the character made with <see cref="PlayerCharacterCommandId"/>.</summary>
    public const string PlayerKey = "page-test-player-key-fedcba9876543210";

    /// <summary>The Idempotency-Key that creates the player's character; the character id is derived from it.</summary>
    public static readonly Guid PlayerCharacterCommandId = new("7a11ce00-0000-4000-8000-00000000000a");

    private readonly Dictionary<string, string?> _settings = new(StringComparer.Ordinal)
    {
        ["EventStore:Provider"] = "InMemory",
        ["Api:KeyHashes:0"] = Hash(Key),
        ["Api:Keys:0:Name"] = "naivara",
        ["Api:Keys:0:Hash"] = Hash(PlayerKey),
        ["Api:Keys:0:Role"] = "player",
        ["Api:Keys:0:Grants:character:0"] = PlayerCharacterCommandId.ToString("N"),
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

    /// <summary>Creates a character over HTTP and returns its id (derived from <paramref name="commandId"/> when given).</summary>
    public async Task<string> CreateCharacterAsync(string name, int maximumHitPoints, Guid? commandId = null)
    {
        using var http = Http();
        using var request = new HttpRequestMessage(HttpMethod.Post, "characters") { Content = JsonContent.Create(new { name, maximumHitPoints }) };
        if (commandId is { } id)
        {
            request.Headers.Add("Idempotency-Key", id.ToString());
        }

        using var response = await http.SendAsync(request);
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

    private static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

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
