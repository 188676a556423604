using Application.Characters;
using Application.Common;
using Application.Encounters;
using Application.Projections;
using EventSourcing;
using FluentValidation;
using MediatR;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Application;

public static class DependencyInjection
{
    /// <summary>
    /// Registers the use cases and the aggregates they drive on the generic command path. MediatR 5.1.0 has no DI
    /// package here, so the mediator, handlers and the validation behaviour are registered by hand. An
    /// <see cref="IEventStore"/> adapter must be added by the host.
    /// </summary>
    public static IServiceCollection AddApplication(this IServiceCollection services, IConfiguration? configuration = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<ApplicationOptions>()
            .Validate(o => o.MaxPageSize >= 1, "Application options: MaxPageSize >= 1.");
        services.AddEventSourcing();
        if (configuration is not null)
        {
            // One section for both: the command path's settings (attempts, snapshots, idempotency) and the use cases' own.
            var section = configuration.GetSection(ApplicationOptions.SectionName);
            options.Bind(section);
            services.AddOptions<EventSourcingOptions>().Bind(section);
        }

        services.AddAggregate(CharacterAggregate.Definition);
        services.AddAggregate(EncounterAggregate.Definition);
        services.AddProjection(sp => PartyBoard.Definition(sp.GetRequiredService<EventTypeRegistry>()));
        services.AddFeedProcessor();

        services.TryAddScoped<ServiceFactory>(sp => sp.GetRequiredService);
        services.TryAddScoped<IMediator, Mediator>();
        services.AddTransient(typeof(IPipelineBehavior<,>), typeof(ValidationBehavior<,>));
        services.AddValidatorsFromAssembly(
            typeof(DependencyInjection).Assembly,
            ServiceLifetime.Singleton,
            filter: scan => scan.ValidatorType != typeof(CommandRules),
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
