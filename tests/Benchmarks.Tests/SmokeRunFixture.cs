using Benchmarks.Reporting;
using DynamoDbLocal;

namespace Benchmarks.Tests;

/// <summary>Runs the benchmark's smoke mode once, in process, against the test process's DynamoDB Local.</summary>
public sealed class SmokeRunFixture : IAsyncLifetime, IDisposable
{
    private readonly StringWriter _log = new();
    private BenchmarkReport? _report;

    internal BenchmarkReport Report => _report ?? throw new InvalidOperationException("The smoke run has not finished.");

    internal static BenchmarkSettings Settings => BenchmarkSettings.Smoke;

    public string Log => _log.ToString();

    public async Task InitializeAsync()
    {
        var server = await DynamoDbLocalServer.GetSharedAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        _report = await new BenchmarkRunner(Settings, TextWriter.Synchronized(_log)).RunAsync(server, timeout.Token);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    // xUnit calls this after DisposeAsync.
    public void Dispose() => _log.Dispose();
}
