using Application.Characters;
using Application.Common;
using EventSourcing;
using Benchmarks.Designs;
using Benchmarks.Reporting;
using Benchmarks.Seeding;
using Domain;
using MediatR;
using Microsoft.Extensions.DependencyInjection;

namespace Benchmarks.Workloads;

/// <summary>
/// Workload 3: whole commands through MediatR (validation, load, decide, append, and the snapshot every K events), one
/// after another on one character seeded to N events. Damage and healing take turns so the character never dies.
/// </summary>
internal static class CommandWorkload
{
    public static async Task<ResultRow> MeasureAsync(
        Design design, CharacterHistory history, int samples, ICollection<string> warnings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(design);
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(warnings);
        var cell = Cell.Start(design);
        for (var i = 0; i < samples; i++)
        {
            var turn = i;
            var result = await cell.Latencies.TimeAsync(() => SendAsync(design, Next(history.CharacterId, turn), cancellationToken)).ConfigureAwait(false);
            Verify.Command(design, $"command {i} on {history.CharacterId}", result);
        }

        if (cell.CrossCheck($"command at {history.Events.Count:N0}") is { } mismatch)
        {
            warnings.Add(mismatch);
        }

        return cell.ToRow(WorkloadNames.Command, history.Events.Count, samples);
    }

    /// <summary>Damage or healing in turn, so that any number of commands leaves the character alive.</summary>
    public static IRequest<Result<CommandResult>> Next(string characterId, int turn) => turn % 2 == 0
        ? new DealDamage(characterId, 3, DamageType.Slashing, "goblin")
        : new Heal(characterId, 3);

    public static async Task<TResponse> SendAsync<TResponse>(Design design, IRequest<TResponse> command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(design);
        await using var scope = design.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(command, cancellationToken).ConfigureAwait(false);
    }
}
