using System.Diagnostics;
using Application.Characters;
using Application.Common;
using EventSourcing;
using Benchmarks.Designs;
using Benchmarks.Reporting;

namespace Benchmarks.Workloads;

/// <summary>
/// Workload 4: W writers sending commands at once, either all on one character (every round has one winner and the
/// others retry, folding the winner's events that the conflict brought back) or each on a character of its own (no
/// conflicts; what the store does under parallel load). The writers start together from one gate.
/// </summary>
internal static class ContentionWorkload
{
    public static async Task<ResultRow> MeasureAsync(
        Design design, bool shared, int writers, int commandsPerWriter, string runId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(design);
        var characters = Enumerable.Range(0, shared ? 1 : writers)
            .Select(i => $"b{runId}-{(shared ? "shared" : "own")}-{i}")
            .ToList();
        foreach (var id in characters)
        {
            var created = await CommandWorkload.SendAsync(design, new CreateCharacter("Contender", 1000, CharacterId: id), cancellationToken).ConfigureAwait(false);
            Verify.Command(design, $"creating {id}", created);
        }

        var conflictsBefore = design.Conflicts.Conflicts;
        var cell = Cell.Start(design);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var latencies = new List<TimeSpan>[writers];
        var failed = 0;
        var tasks = Enumerable.Range(0, writers).Select(w => Task.Run(
            async () =>
            {
                latencies[w] = new List<TimeSpan>(commandsPerWriter);
                await gate.Task.ConfigureAwait(false);
                var id = characters[shared ? 0 : w];
                for (var i = 0; i < commandsPerWriter; i++)
                {
                    var started = Stopwatch.GetTimestamp();
                    var result = await CommandWorkload.SendAsync(design, CommandWorkload.Next(id, w + i), cancellationToken).ConfigureAwait(false);
                    latencies[w].Add(Stopwatch.GetElapsedTime(started));
                    if (result.Error is ConflictError)
                    {
                        // The application gave up after its attempts: counted, not fatal, that is what contention costs.
                        Interlocked.Increment(ref failed);
                    }
                    else
                    {
                        Verify.Command(design, $"writer {w} on {id}", result);
                    }
                }
            },
            cancellationToken)).ToList();

        var clock = Stopwatch.StartNew();
        gate.SetResult();
        await Task.WhenAll(tasks).ConfigureAwait(false);
        clock.Stop();

        foreach (var latency in latencies.SelectMany(l => l))
        {
            cell.Latencies.Add(latency);
        }

        var commands = writers * commandsPerWriter;
        return cell.ToRow(shared ? WorkloadNames.ContentionShared : WorkloadNames.ContentionSeparate, 1, commands, writers) with
        {
            OpsPerSecond = (commands - failed) / clock.Elapsed.TotalSeconds,
            // A command that gave up met its last conflict without retrying after it.
            RetriesPerOp = (double)(design.Conflicts.Conflicts - conflictsBefore - failed) / commands,
            Failed = failed,
        };
    }
}
