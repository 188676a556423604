using Application.Characters;
using Application.Common;
using Application.Events;
using FluentValidation;
using MediatR;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Application;

public static class DependencyInjection
{
    /// <summary>
    /// Registers the use cases. MediatR 5.1.0 has no DI package here, so the mediator, handlers and the
    /// validation behaviour are registered by hand. An <see cref="EventStore.IEventStore"/> adapter must be added by the host.
    /// </summary>
    public static IServiceCollection AddApplication(this IServiceCollection services, IConfiguration? configuration = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<ApplicationOptions>();
        if (configuration is not null)
        {
            options.Bind(configuration.GetSection(ApplicationOptions.SectionName));
        }

        options.Validate(o => o.MaxCommandAttempts >= 1 && o.SnapshotInterval >= 0 && o.RememberedCommands >= 1 && o.MaxPageSize >= 1
                && o.MaxConflictBackoff >= TimeSpan.Zero,
            "Application options: MaxCommandAttempts >= 1, SnapshotInterval >= 0, RememberedCommands >= 1, MaxPageSize >= 1, MaxConflictBackoff >= 0.");

        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(_ => CharacterEventTypes.CreateRegistry());
        services.TryAddSingleton<ApplicationMetrics>();
        services.TryAddScoped<CharacterStreams>();
        services.TryAddScoped<CharacterCommandRunner>();

        services.TryAddScoped<ServiceFactory>(sp => sp.GetRequiredService);
        services.TryAddScoped<IMediator, Mediator>();
        services.AddTransient(typeof(IPipelineBehavior<,>), typeof(ValidationBehavior<,>));
        services.AddValidatorsFromAssembly(
            typeof(DependencyInjection).Assembly,
            ServiceLifetime.Singleton,
            filter: scan => scan.ValidatorType != typeof(CharacterCommandRules),
            includeInternalTypes: true);

        var handlerInterface = typeof(IRequestHandler<,>);
        foreach (var type in typeof(DependencyInjection).Assembly.GetTypes().Where(t => t is { IsAbstract: false, IsGenericTypeDefinition: false }))
        {
            foreach (var contract in type.GetInterfaces().Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == handlerInterface))
            {
                services.AddTransient(contract, type);
            }
        }

        return services;
    }
}
