using System.Net;
using Api.Tests;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Api.Contract.Tests;

/// <summary>
/// The API as a client outside this process meets it: Kestrel on a free 127.0.0.1 port (in-memory store), reached over
/// TCP. The contract tests lint and generate from the document this server serves, not from a file kept beside the code.
/// </summary>
public sealed class LiveApi : IAsyncLifetime, IDisposable
{
    private readonly ApiFactory _factory = new();

    public Uri BaseAddress { get; private set; } = null!;

    public Uri DocumentAddress => new(BaseAddress, "/openapi/v1.json");

    public ApiFactory Factory => _factory;

    public Task InitializeAsync()
    {
        _factory.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        _factory.StartServer();
        var address = _factory.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        BaseAddress = new Uri(address);
        return Task.CompletedTask;
    }

    /// <summary>A plain HttpClient over TCP that sends the test API key.</summary>
    public HttpClient Client()
    {
        var client = new HttpClient { BaseAddress = BaseAddress };
        client.DefaultRequestHeaders.Add("X-Api-Key", ApiFactory.Key);
        return client;
    }

    public Task DisposeAsync() => _factory.DisposeAsync().AsTask();

    // xUnit calls DisposeAsync; this satisfies the analyzer for the owned factory and is harmless after it.
    public void Dispose() => _factory.Dispose();
}
