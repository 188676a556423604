using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace EventSourcing;

public static class DependencyInjection
{
    /// <summary>
    /// Registers the core: options, clock, metrics and one <see cref="EventTypeRegistry"/> holding every registered
    /// aggregate's events. Safe to call more than once. An <see cref="IEventStore"/> adapter is added by the host.
    /// </summary>
    public static IServiceCollection AddEventSourcing(this IServiceCollection services, Action<EventSourcingOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<EventSourcingOptions>()
            .Validate(
                o => o.IsValid(),
                "Event sourcing options: MaxCommandAttempts >= 1, SnapshotInterval >= 0, RememberedCommands >= 1, MaxConflictBackoff, IdempotencyWindow and ClockSkewAllowance >= 0.");
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<EventSourcingMetrics>();
        services.TryAddScoped<MultiStreamCommandService>();
        services.TryAddSingleton(sp =>
        {
            var registry = new EventTypeRegistry();
            foreach (var registration in sp.GetServices<EventTypeRegistration>())
            {
                registration.Register(registry);
            }

            return registry;
        });
        return services;
    }

    /// <summary>
    /// Registers one aggregate on the generic command path: its <see cref="CommandService{TState, TEvent}"/>, its
    /// <see cref="AggregateStreams{TState, TEvent}"/>, its events in the registry, and its category for the snapshot job
    /// (as an <see cref="ISnapshotRefresher"/>). This is the only registration an aggregate needs.
    /// </summary>
    public static IServiceCollection AddAggregate<TState, TEvent>(this IServiceCollection services, AggregateDefinition<TState, TEvent> definition)
        where TState : notnull
        where TEvent : notnull
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(definition);
        if (services.Any(d => d.ServiceType == typeof(AggregateDefinition<TState, TEvent>)))
        {
            return services;
        }

        if (services.Any(d => d.ServiceType == typeof(EventTypeRegistration) && d.ImplementationInstance is EventTypeRegistration r && r.Category == definition.Category))
        {
            throw new InvalidOperationException($"Another aggregate is already registered under the category '{definition.Category}'.");
        }

        services.AddEventSourcing();
        services.AddSingleton(definition);
        services.AddSingleton(new EventTypeRegistration(definition.Category, typeof(TEvent), definition.RegisterEvents));
        services.TryAddScoped<AggregateStreams<TState, TEvent>>();
        services.TryAddScoped<CommandService<TState, TEvent>>();
        services.AddScoped<ISnapshotRefresher>(sp => sp.GetRequiredService<AggregateStreams<TState, TEvent>>());
        return services;
    }

    /// <summary>
    /// Registers a per-stream projection for the feed processor. The factory may use the container (the event type
    /// registry, for example) and runs when the processor is first resolved.
    /// </summary>
    public static IServiceCollection AddProjection(this IServiceCollection services, Func<IServiceProvider, ProjectionDefinition> projection)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(projection);
        services.AddSingleton<ProjectionDefinition>(projection);
        return services;
    }

    /// <summary>
    /// Registers the feed processor (one per process, the owner of its leases) with options bound by the host
    /// (section "Feed"). The adapter brings <see cref="IEventFeed"/>, <see cref="ISubscriptionStore"/> and
    /// <see cref="IProjectionStore"/>; the host decides where it runs.
    /// </summary>
    public static IServiceCollection AddFeedProcessor(this IServiceCollection services, Action<FeedOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<FeedOptions>().Validate(o => o.IsValid(), "Feed options: positive intervals, PollOverlap <= Overlap <= SweepWindow, OverlapInterval < Overlap, BatchSize 1-1000.");
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.AddEventSourcing();
        services.TryAddSingleton<FeedMetrics>();
        services.TryAddSingleton(sp => new ProjectionReader(sp.GetRequiredService<IProjectionStore>()));
        services.TryAddSingleton(sp => new ProjectionMaintenance(
            sp.GetRequiredService<IEventStore>(),
            sp.GetRequiredService<IProjectionStore>(),
            sp.GetServices<ProjectionDefinition>()));
        services.TryAddSingleton(sp => new FeedProcessor(
            sp.GetRequiredService<IEventFeed>(),
            sp.GetRequiredService<IEventStore>(),
            sp.GetRequiredService<ISubscriptionStore>(),
            sp.GetRequiredService<IProjectionStore>(),
            sp.GetServices<ProjectionDefinition>(),
            sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<FeedOptions>>(),
            sp.GetRequiredService<FeedMetrics>(),
            sp.GetService<TimeProvider>(),
            sp.GetServices<IProjectionObserver>(),
            sp.GetService<Microsoft.Extensions.Logging.ILogger<FeedProcessor>>()));
        return services;
    }
}

/// <summary>
/// One aggregate's contribution to the shared <see cref="EventTypeRegistry"/>: its category, the base type of its
/// events (so tools and tests can enumerate every event of every aggregate), and how to bind them.
/// </summary>
public sealed record EventTypeRegistration(string Category, Type EventType, Action<EventTypeRegistry> Register);
