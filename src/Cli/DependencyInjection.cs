using Application;
using Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Cli;

internal static class DependencyInjection
{
    /// <summary>The application over the configured store. Logs go to stderr (warnings and up by default), so stdout stays parseable.</summary>
    public static IServiceCollection AddCli(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(configuration);
        services.AddLogging(logging => logging
            .SetMinimumLevel(LogLevel.Warning)
            .AddConfiguration(configuration.GetSection("Logging"))
            .AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace));
        return services
            .AddApplication(configuration)
            .AddEventStoreFromConfiguration(configuration);
    }
}
