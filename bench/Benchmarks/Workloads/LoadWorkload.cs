using System.Diagnostics;
using Application.Characters;
using Benchmarks.Designs;
using Benchmarks.Reporting;
using Benchmarks.Seeding;
using MediatR;
using Microsoft.Extensions.DependencyInjection;

namespace Benchmarks.Workloads;

/// <summary>
/// Workload 1: the current state of one character, through the application's GetCharacter query (load, snapshot,
/// fold), on a stream seeded to N events. Loads only: nothing is written while it is measured.
/// </summary>
internal static class LoadWorkload
{
    public static async Task<ResultRow> MeasureAsync(
        Design design, CharacterHistory history, string workload, BenchmarkSettings settings, ICollection<string> warnings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(design);
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(warnings);
        var cell = Cell.Start(design);
        var clock = Stopwatch.StartNew();
        while (cell.Latencies.Count < settings.LoadSamples
            && (clock.Elapsed < settings.LoadTimeBudget || cell.Latencies.Count < settings.MinLoadSamples))
        {
            var view = await cell.Latencies.TimeAsync(() => GetAsync(design, history.CharacterId, cancellationToken)).ConfigureAwait(false);
            Verify.State(design, history, view);
        }

        if (cell.CrossCheck($"load of {history.Events.Count:N0} events") is { } mismatch)
        {
            warnings.Add(mismatch);
        }

        return cell.ToRow(workload, history.Events.Count, cell.Latencies.Count);
    }

    public static async Task<EventSourcing.Result<CharacterView>> GetAsync(Design design, string characterId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(design);
        // A scope per request, as the hosts do.
        await using var scope = design.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new GetCharacter(characterId), cancellationToken).ConfigureAwait(false);
    }
}
