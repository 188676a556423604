using System.Diagnostics;
using Adapters.InMemory;
using Application;
using Application.Characters;
using EventSourcing;
using Application.Events;
using Benchmarks.Reporting;
using Domain;
using MediatR;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Benchmarks.Workloads;

/// <summary>
/// Workload 5, in memory (no DynamoDB): commands per second through the whole MediatR pipeline (a DI scope per
/// command, the validation behaviour, the handler and the command runner) with the in-memory adapter, against the
/// same commands done by <see cref="DirectFloor"/>. Each thread drives a character of its own, so the threads never
/// conflict. Each measurement gets a fresh store and a short warm-up of its own before the clock starts.
/// </summary>
internal static class PipelineWorkload
{
    public static async Task<IReadOnlyList<ResultRow>> MeasureAsync(BenchmarkSettings settings, string runId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);

        // Tiered JIT takes seconds to settle on this much code: warm both paths up before anything is kept.
        var brief = settings.PipelineDuration / 10;
        await RunAsync(settings, 1, $"b{runId}-warm-pipe", useMediator: true, settings.PipelineWarmup, brief, cancellationToken).ConfigureAwait(false);
        await RunAsync(settings, 1, $"b{runId}-warm-floor", useMediator: false, settings.PipelineWarmup, brief, cancellationToken).ConfigureAwait(false);

        // Rounds alternate the two paths, and the median round of each is kept, so that a burst of other work on the
        // machine does not decide the ratio.
        var rows = new List<ResultRow>();
        foreach (var threads in new[] { 1, 2 })
        {
            var pipeline = new List<Throughput>();
            var floor = new List<Throughput>();
            for (var round = 0; round < settings.PipelineRounds; round++)
            {
                pipeline.Add(await RunAsync(settings, threads, $"b{runId}-pipe{threads}-{round}", useMediator: true, brief, settings.PipelineDuration, cancellationToken).ConfigureAwait(false));
                floor.Add(await RunAsync(settings, threads, $"b{runId}-floor{threads}-{round}", useMediator: false, brief, settings.PipelineDuration, cancellationToken).ConfigureAwait(false));
            }

            var pipelineMedian = Median(pipeline);
            var floorMedian = Median(floor);
            rows.Add(Row(WorkloadNames.Pipeline, "mediatr + in-memory", threads, pipelineMedian) with
            {
                RatioToFloor = pipelineMedian.PerSecond / floorMedian.PerSecond,
            });
            rows.Add(Row(WorkloadNames.Floor, "direct + in-memory", threads, floorMedian) with { RatioToFloor = 1 });
        }

        return rows;
    }

    private static Throughput Median(List<Throughput> rounds) => rounds.OrderBy(r => r.PerSecond).ElementAt(rounds.Count / 2);

    private static ResultRow Row(string workload, string design, int threads, Throughput throughput) => new()
    {
        Workload = workload,
        Design = design,
        Threads = threads,
        Samples = throughput.Commands,
        P50Ms = throughput.P50Ms,
        P95Ms = throughput.P95Ms,
        OpsPerSecond = throughput.PerSecond,
        UsesDynamoDb = false,
    };

    private static async Task<Throughput> RunAsync(
        BenchmarkSettings settings, int threads, string prefix, bool useMediator, TimeSpan warmup, TimeSpan duration, CancellationToken cancellationToken)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings.ApplicationSettings).Build();
        await using var services = new ServiceCollection()
            .AddLogging()
            .AddApplication(configuration)
            .AddInMemoryEventStore()
            .BuildServiceProvider();
        var floor = new DirectFloor(
            services.GetRequiredService<IEventStore>(),
            services.GetRequiredService<EventTypeRegistry>(),
            TimeProvider.System,
            settings.SnapshotInterval,
            settings.RememberedCommands);

        Func<string, int, Task> command = useMediator
            ? async (id, turn) =>
            {
                await using var scope = services.CreateAsyncScope();
                var result = await scope.ServiceProvider.GetRequiredService<IMediator>()
                    .Send(CommandWorkload.Next(id, turn), cancellationToken).ConfigureAwait(false);
                if (!result.IsSuccess)
                {
                    throw new InvalidOperationException($"A pipeline command on {id} failed: {result.Error}");
                }
            }
            : (id, turn) => floor.RunAsync(
                id,
                turn % 2 == 0 ? s => s.TakeDamage(3, DamageType.Slashing, "goblin") : s => s.Heal(3),
                cancellationToken);

        var characters = Enumerable.Range(0, threads).Select(t => $"{prefix}-{t}").ToList();
        foreach (var id in characters)
        {
            await using var scope = services.CreateAsyncScope();
            var created = await scope.ServiceProvider.GetRequiredService<IMediator>()
                .Send(new CreateCharacter("Runner", 1000, CharacterId: id), cancellationToken).ConfigureAwait(false);
            if (!created.IsSuccess)
            {
                throw new InvalidOperationException($"Creating {id} failed: {created.Error}");
            }
        }

        // Workers run until told to stop; the counts are read at the start and the end of the measured window.
        var counts = new long[threads];
        var latencies = new List<double>[threads];
        var measuring = 0;
        using var stop = new CancellationTokenSource();
        var workers = Enumerable.Range(0, threads).Select(t => Task.Factory.StartNew(
            () =>
            {
                latencies[t] = new List<double>(1 << 16);
                for (var turn = 0; !stop.IsCancellationRequested; turn++)
                {
                    var started = Stopwatch.GetTimestamp();
                    command(characters[t], turn).GetAwaiter().GetResult();
                    if (Volatile.Read(ref measuring) == 1)
                    {
                        latencies[t].Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    }

                    Interlocked.Increment(ref counts[t]);
                }
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default)).ToList();

        await Task.Delay(warmup, cancellationToken).ConfigureAwait(false);
        var before = Total(counts);
        var clock = Stopwatch.StartNew();
        Volatile.Write(ref measuring, 1);
        await Task.Delay(duration, cancellationToken).ConfigureAwait(false);
        Volatile.Write(ref measuring, 0);
        var after = Total(counts);
        clock.Stop();
        await stop.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(workers).ConfigureAwait(false);

        var all = latencies.SelectMany(l => l).ToList();
        var commands = (int)(after - before);
        return new Throughput(
            commands,
            commands / clock.Elapsed.TotalSeconds,
            Measurement.Samples.Percentile(all, 50),
            Measurement.Samples.Percentile(all, 95));
    }

    private static long Total(long[] counts)
    {
        var total = 0L;
        for (var i = 0; i < counts.Length; i++)
        {
            total += Interlocked.Read(ref counts[i]);
        }

        return total;
    }

    private sealed record Throughput(int Commands, double PerSecond, double P50Ms, double P95Ms);
}
