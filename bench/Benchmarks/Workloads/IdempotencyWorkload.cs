using Application.Characters;
using Benchmarks.Designs;
using Benchmarks.Reporting;
using DynamoDbLocal;
using EventSourcing;
using MediatR;

namespace Benchmarks.Workloads;

/// <summary>
/// Issue 14 §2: what the idempotency guarantee of the core issue costs per command, through MediatR on ours. The
/// common path (a new key) against an unkeyed command; repeats found in the tail or held as a hash in the snapshot
/// (their event is read back to compare fingerprints); a key reused for another request; and the rare path, where a
/// stream has had more keyed commands inside the window than it remembers (RememberedCommands 20,
/// MaxRememberedKeyedCommands 0, so every new key reads the window back).
/// </summary>
internal static class IdempotencyWorkload
{
    public const string Unkeyed = "unkeyed command";
    public const string NewKey = "new key (common path)";
    public const string RepeatTail = "repeat, key in the tail";
    public const string RepeatSnapshot = "repeat, key held in the snapshot";
    public const string Reused = "key reused for another request";
    public const string RareNewKey = "rare: new key, window read back";
    public const string RareRepeat = "rare: repeat found by the read back";

    public static async Task<List<ResultRow>> MeasureAsync(
        DynamoDbLocalServer server, OursDesign ours, BenchmarkSettings settings, string runId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ours);
        ArgumentNullException.ThrowIfNull(settings);
        var rows = new List<ResultRow>();
        var samples = settings.CommandSamples;

        // A character of 28 events: the first keyed command sits under the snapshot (at 19), the last one in the tail.
        var id = $"b{runId}-idem";
        await ExpectAsync(ours, new CreateCharacter("Keyed", 1000, CharacterId: id, CommandId: Guid.NewGuid()), cancellationToken).ConfigureAwait(false);
        var early = new GrantTemporaryHitPoints(id, 1, CommandId: Guid.NewGuid());
        await ExpectAsync(ours, early, cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < 25; i++)
        {
            await ExpectAsync(ours, new GrantTemporaryHitPoints(id, 1, CommandId: Guid.NewGuid()), cancellationToken).ConfigureAwait(false);
        }

        var recent = new GrantTemporaryHitPoints(id, 1, CommandId: Guid.NewGuid());
        await ExpectAsync(ours, recent, cancellationToken).ConfigureAwait(false);

        // Repeats write nothing, so the stream stays as set up while they are measured.
        rows.Add(await CellAsync(ours, RepeatTail, samples, _ => recent, cancellationToken).ConfigureAwait(false));
        rows.Add(await CellAsync(ours, RepeatSnapshot, samples, _ => early, cancellationToken).ConfigureAwait(false));
        rows.Add(await CellAsync(ours, Reused, samples, _ => early with { Amount = 2 }, cancellationToken).ConfigureAwait(false));
        rows.Add(await CellAsync(ours, Unkeyed, samples, _ => new GrantTemporaryHitPoints(id, 1), cancellationToken).ConfigureAwait(false));
        rows.Add(await CellAsync(ours, NewKey, samples, _ => new GrantTemporaryHitPoints(id, 1, CommandId: Guid.NewGuid()), cancellationToken).ConfigureAwait(false));

        var rareSettings = new Dictionary<string, string?>(settings.ApplicationSettings.ToDictionary(), StringComparer.Ordinal)
        {
            ["Application:RememberedCommands"] = "20",
            ["Application:MaxRememberedKeyedCommands"] = "0",
        };
        await using var rare = new OursDesign(server, ours.TableName, rareSettings, name: "ours (remembers 20, cap 0)");
        var rareId = $"b{runId}-idem-rare";
        var first = new CreateCharacter("Keyed", 1000, CharacterId: rareId, CommandId: Guid.NewGuid());
        await ExpectAsync(rare, first, cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < settings.RareWindowCommands; i++)
        {
            await ExpectAsync(rare, new GrantTemporaryHitPoints(rareId, 1, CommandId: Guid.NewGuid()), cancellationToken).ConfigureAwait(false);
        }

        rows.Add(await CellAsync(rare, RareNewKey, samples, _ => new GrantTemporaryHitPoints(rareId, 1, CommandId: Guid.NewGuid()), cancellationToken).ConfigureAwait(false));
        rows.Add(await CellAsync(rare, RareRepeat, samples, _ => first, cancellationToken).ConfigureAwait(false));
        return rows;
    }

    private static async Task<ResultRow> CellAsync(
        Design design, string scenario, int samples, Func<int, IRequest<Result<CommandResult>>> command, CancellationToken cancellationToken)
    {
        var cell = Cell.Start(design);
        for (var i = 0; i < samples; i++)
        {
            var result = await cell.Latencies.TimeAsync(() => CommandWorkload.SendAsync(design, command(i), cancellationToken)).ConfigureAwait(false);
            var ok = scenario == Reused ? result.Error is IdempotencyKeyReusedError : result.IsSuccess;
            if (!ok)
            {
                throw new InvalidOperationException($"Idempotency, {scenario} on {design.Name}: {result.Error}.");
            }
        }

        return cell.ToRow(WorkloadNames.Idempotency, 0, samples) with { Variant = scenario };
    }

    private static async Task ExpectAsync(Design design, IRequest<Result<CommandResult>> command, CancellationToken cancellationToken) =>
        Verify.Command(design, "idempotency set-up", await CommandWorkload.SendAsync(design, command, cancellationToken).ConfigureAwait(false));
}
