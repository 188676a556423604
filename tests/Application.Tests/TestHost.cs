using Adapters.InMemory;
using Application.Common;
using Application.EventStore;
using MediatR;
using Microsoft.Extensions.DependencyInjection;
using NSubstitute;

namespace Application.Tests;

/// <summary>The application as the hosts compose it, over the in-memory adapter or an NSubstitute port.</summary>
internal sealed class TestHost : IDisposable
{
    private readonly ServiceProvider _provider;

    private TestHost(Action<IServiceCollection> addStore, Action<ApplicationOptions>? configure)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddApplication();
        if (configure is not null)
        {
            services.Configure(configure);
        }

        addStore(services);
        _provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
    }

    public IServiceProvider Services => _provider;

    public static TestHost InMemory(Action<ApplicationOptions>? configure = null) =>
        new(s => s.AddInMemoryEventStore(), configure);

    public static TestHost WithSubstitute(IEventStore store, ISnapshotSchedule? schedule = null, Action<ApplicationOptions>? configure = null) =>
        new(
            s =>
            {
                s.AddSingleton(store);
                s.AddSingleton(schedule ?? Substitute.For<ISnapshotSchedule>());
            },
            configure);

    public async Task<TResponse> Send<TResponse>(IRequest<TResponse> request)
    {
        using var scope = _provider.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(request);
    }

    public T Get<T>()
        where T : notnull => _provider.GetRequiredService<T>();

    public void Dispose() => _provider.Dispose();
}
