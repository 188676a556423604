using Adapters.InMemory;
using EventSourcing;
using Microsoft.Extensions.DependencyInjection;

namespace Cli.Tests;

/// <summary>What one run of <c>hp</c> printed and returned.</summary>
internal sealed record CliRun(int ExitCode, string Out, string Err)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Out}\n--- stderr\n{Err}";
}

/// <summary>
/// Runs the real parser in-process, one run after another, over one in-memory store that outlives the runs
/// (as a database outlives CLI processes).
/// </summary>
internal sealed class CliSession
{
    private readonly InMemoryEventStore _store = new();
    private readonly InMemorySnapshotSchedule _schedule = new();
    private readonly Action<IServiceCollection>? _extra;

    public CliSession(Action<IServiceCollection>? extra = null) => _extra = extra;

    // Pinned here so that neither the CLI's appsettings.json nor the machine's environment decides the store.
    public static IReadOnlyDictionary<string, string?> InMemorySettings { get; } = new Dictionary<string, string?>
    {
        ["EventStore:Provider"] = "InMemory",
    };

    public async Task<CliRun> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await CliApp.RunAsync(
            args,
            output,
            error,
            services =>
            {
                services.AddSingleton<IEventStore>(_store);
                services.AddSingleton<ISnapshotSchedule>(_schedule);
                _extra?.Invoke(services);
            },
            InMemorySettings);
        return new CliRun(code, output.ToString(), error.ToString());
    }

    /// <summary>Runs a command that must succeed and returns its stdout.</summary>
    public async Task<string> OkAsync(params string[] args)
    {
        var run = await RunAsync(args);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(string.Empty, run.Err);
        return run.Out;
    }
}
