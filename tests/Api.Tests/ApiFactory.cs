using System.Net.Http.Headers;
using Api.Security;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Api.Tests;

/// <summary>
/// The real API host (Program) over TestServer, on the in-memory event store, with two known API keys.
/// Settings and service overrides are per instance, so each test class gets the host it needs.
/// </summary>
public class ApiFactory : WebApplicationFactory<Program>
{
    public const string Key = "test-key-0123456789";
    public const string OtherKey = "other-test-key-9876543210";

    private readonly Dictionary<string, string?> _settings = new(StringComparer.Ordinal)
    {
        ["EventStore:Provider"] = "InMemory",
        ["Api:KeyHashes:0"] = ApiKeys.Hash(Key),
        ["Api:KeyHashes:1"] = ApiKeys.Hash(OtherKey),
        ["Api:RateLimit:PermitLimit"] = "100000",
        ["Api:RateLimit:WindowSeconds"] = "60",
        // The snapshot job polls in the background; tests do not wait for it.
        ["Logging:LogLevel:Default"] = "Warning",
        ["Telemetry:ConsoleExporter"] = "false",
    };

    private readonly List<Action<IServiceCollection>> _services = [];

    public ApiFactory With(string key, string? value)
    {
        _settings[key] = value;
        return this;
    }

    public ApiFactory WithServices(Action<IServiceCollection> configure)
    {
        _services.Add(configure);
        return this;
    }

    /// <summary>A client that sends <paramref name="key"/> (none when null) in X-Api-Key.</summary>
    public HttpClient Client(string? key = Key)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (key is not null)
        {
            client.DefaultRequestHeaders.Add(ApiKeys.HeaderName, key);
        }

        return client;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services =>
        {
            foreach (var configure in _services)
            {
                configure(services);
            }
        });
    }
}
