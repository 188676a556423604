using EventSourcing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Adapters.InMemory;

public static class DependencyInjection
{
    /// <summary>Registers one process-wide <see cref="InMemoryEventStore"/> as the event store, its snapshot schedule, its change feed, subscriptions and projection rows.</summary>
    public static IServiceCollection AddInMemoryEventStore(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<InMemoryEventStore>();
        services.TryAddSingleton<IEventStore>(sp => sp.GetRequiredService<InMemoryEventStore>());
        services.TryAddSingleton<ISnapshotSchedule>(sp => new InMemorySnapshotSchedule(sp.GetService<TimeProvider>()));
        services.TryAddSingleton<IEventFeed>(sp => sp.GetRequiredService<InMemoryEventStore>());
        services.TryAddSingleton<ISubscriptionStore>(sp => new InMemorySubscriptionStore(sp.GetService<TimeProvider>()));
        services.TryAddSingleton<IProjectionStore, InMemoryProjectionStore>();
        return services;
    }
}
