using System.CommandLine;
using System.Diagnostics.CodeAnalysis;
using Hosting;
using MediatR;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Cli;

/// <summary>
/// Runs one parsed command: composes the application over the store that configuration or <c>--store</c> names,
/// runs the command through the mediator and turns faults into exit code 1 with a message, never a stack trace.
/// </summary>
internal sealed class CliRunner(
    GlobalOptions globals,
    TextWriter output,
    TextWriter error,
    Action<IServiceCollection>? overrides,
    IReadOnlyDictionary<string, string?>? settings)
{
    [SuppressMessage("Design", "CA1031:Do not catch general exception types", Justification = "The CLI's top-level boundary: expected outcomes arrive as results, so whatever is thrown is a fault, reported as exit code 1 with a message rather than a stack trace.")]
    public async Task<int> ExecuteAsync(
        ParseResult parse, Func<IMediator, Reporter, CancellationToken, Task<int>> command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(command);
        var reporter = new Reporter(output, error, parse.GetValue(globals.Json));
        try
        {
            var configuration = BuildConfiguration(parse.GetValue(globals.Store));
            var services = new ServiceCollection().AddCli(configuration);
            overrides?.Invoke(services);

            // The composition root of a one-shot process: built once, after every registration.
            await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });

            // Adapters may do startup work as hosted services (DynamoDB creates its table when told to); a CLI has no
            // host to start them, so it starts and stops them around the one command.
            var hosted = provider.GetServices<IHostedService>().ToList();
            foreach (var service in hosted)
            {
                await service.StartAsync(cancellationToken).ConfigureAwait(false);
            }

            try
            {
                await using var scope = provider.CreateAsyncScope();
                return await command(scope.ServiceProvider.GetRequiredService<IMediator>(), reporter, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                for (var i = hosted.Count - 1; i >= 0; i--)
                {
                    await hosted[i].StopAsync(CancellationToken.None).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return reporter.Cancelled();
        }
        catch (Exception ex)
        {
            return reporter.Infrastructure(ex);
        }
    }

    private IConfiguration BuildConfiguration(string? store)
    {
        var builder = new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables();
        if (settings is not null)
        {
            builder.AddInMemoryCollection(settings);
        }

        if (store is not null)
        {
            var provider = store == GlobalOptions.InMemory ? EventStoreProvider.InMemory : EventStoreProvider.DynamoDb;
            builder.AddInMemoryCollection([new($"{EventStoreOptions.SectionName}:{nameof(EventStoreOptions.Provider)}", provider.ToString())]);
        }

        return builder.Build();
    }
}
