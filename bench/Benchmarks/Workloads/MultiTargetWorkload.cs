using System.Globalization;
using Application.Characters;
using Application.Encounters;
using Application.Events;
using Benchmarks.Designs;
using Benchmarks.Reporting;
using Benchmarks.Seeding;
using Domain;
using EventSourcing;

namespace Benchmarks.Workloads;

/// <summary>
/// Issue 14 §2: an atomic blow on k targets against the same damage as k separate writes, measured twice:
/// <list type="bullet">
/// <item>at the port of ours: one multi-stream commit (<c>AppendAsync(IReadOnlyList&lt;StreamAppend&gt;)</c>) against k
/// appends, each after loading every target, as a command would;</item>
/// <item>through MediatR: one DealAreaDamage command on an encounter of the k characters (it loads the encounter and
/// every target and commits the encounter's event and every target's in one transaction) against k DealDamage
/// commands, one per character.</item>
/// </list>
/// Per blow: requests, WCU by AWS's rule, p50 and p95.
/// </summary>
internal static class MultiTargetWorkload
{
    public const string Atomic = "atomic: one multi-stream commit";
    public const string Separate = "separate: one append per target";
    public const string AreaCommand = "use case: one DealAreaDamage";
    public const string SeparateCommands = "use case: one DealDamage per target";

    public static IReadOnlyList<string> Variants { get; } = [Atomic, Separate, AreaCommand, SeparateCommands];

    public static async Task<List<ResultRow>> MeasureAsync(
        OursDesign ours, EventTypeRegistry registry, BenchmarkSettings settings, string runId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ours);
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(settings);
        var rows = new List<ResultRow>();
        foreach (var k in settings.MultiTargetCounts)
        {
            foreach (var atomic in new[] { true, false })
            {
                var targets = new List<(StreamId Stream, CharacterHitPoints State)>();
                for (var t = 0; t < k; t++)
                {
                    var id = $"b{runId}-blow{k.ToString(CultureInfo.InvariantCulture)}-{(atomic ? "a" : "s")}{t.ToString(CultureInfo.InvariantCulture)}";
                    Verify.Command(ours, $"creating {id}", await CommandWorkload.SendAsync(ours, new CreateCharacter("Target", 1000, CharacterId: id), cancellationToken).ConfigureAwait(false));
                    targets.Add((new StreamId(CharacterEventTypes.Category, id), CharacterHitPoints.Create(CharacterHitPoints.Initial, "Target", 1000).Events.Aggregate(CharacterHitPoints.Initial, CharacterHitPoints.Evolve)));
                }

                var cell = Cell.Start(ours);
                for (var blow = 0; blow < settings.MultiTargetBlows; blow++)
                {
                    await cell.Latencies.TimeAsync(async () =>
                    {
                        var commandId = Guid.NewGuid();
                        var parts = new List<StreamAppend>(k);
                        for (var t = 0; t < k; t++)
                        {
                            var (stream, state) = targets[t];
                            var loaded = await ours.Store.LoadAsync(stream, CharacterHistory.SnapshotSchemaVersion, cancellationToken).ConfigureAwait(false);
                            var decision = state.TakeDamage(1, DamageType.Fire, "fireball");
                            var @event = decision.Events is [var single] ? single : throw new InvalidOperationException($"Damage gave {decision.Events.Count} events ({decision.Error}).");
                            targets[t] = (stream, CharacterHitPoints.Evolve(state, @event));
                            var now = DateTimeOffset.UtcNow;
                            var data = registry.Encode(@event, Guid.CreateVersion7(now), now, new EventMetadata(commandId, commandId, commandId, CommandFingerprint.Unkeyed));
                            parts.Add(new StreamAppend(stream, ExpectedVersion.Exact(loaded.Version), [data]));
                        }

                        if (atomic)
                        {
                            var result = await ours.Store.AppendAsync(parts, cancellationToken).ConfigureAwait(false);
                            return result is MultiAppendResult.Appended ? 0 : throw new InvalidOperationException($"The blow on {k} targets: {result}.");
                        }

                        foreach (var part in parts)
                        {
                            var result = await ours.Store.AppendAsync(part.Stream, part.Expected, part.Events, cancellationToken).ConfigureAwait(false);
                            _ = result is AppendResult.Appended ? 0 : throw new InvalidOperationException($"A separate append on {part.Stream}: {result}.");
                        }

                        return 0;
                    }).ConfigureAwait(false);
                }

                rows.Add(cell.ToRow(WorkloadNames.MultiTarget, k, settings.MultiTargetBlows) with { Variant = atomic ? Atomic : Separate });
            }

            foreach (var area in new[] { true, false })
            {
                rows.Add(await UseCaseAsync(ours, k, area, settings.MultiTargetBlows, runId, cancellationToken).ConfigureAwait(false));
            }
        }

        return rows;
    }

    private static async Task<ResultRow> UseCaseAsync(OursDesign ours, int k, bool area, int blows, string runId, CancellationToken cancellationToken)
    {
        var prefix = $"b{runId}-uc{k.ToString(CultureInfo.InvariantCulture)}{(area ? "a" : "s")}";
        var ids = new List<string>(k);
        for (var t = 0; t < k; t++)
        {
            var id = $"{prefix}-{t.ToString(CultureInfo.InvariantCulture)}";
            Verify.Command(ours, $"creating {id}", await CommandWorkload.SendAsync(ours, new CreateCharacter("Target", 1000, CharacterId: id), cancellationToken).ConfigureAwait(false));
            ids.Add(id);
        }

        var encounterId = $"{prefix}-fight";
        Verify.Command(ours, $"starting {encounterId}", await CommandWorkload.SendAsync(ours, new StartEncounter("Bench fight", ids, EncounterId: encounterId), cancellationToken).ConfigureAwait(false));
        var targets = ids.Select(id => new AreaTargetInput(id)).ToList();

        // One unmeasured blow of each kind first: the first load of every stream is a cold one, as in the other cells' warm-up.
        await BlowAsync().ConfigureAwait(false);
        var cell = Cell.Start(ours);
        for (var blow = 0; blow < blows; blow++)
        {
            await cell.Latencies.TimeAsync(BlowAsync).ConfigureAwait(false);
        }

        return cell.ToRow(WorkloadNames.MultiTarget, k, blows) with { Variant = area ? AreaCommand : SeparateCommands };

        async Task<int> BlowAsync()
        {
            if (area)
            {
                var result = await CommandWorkload.SendAsync(ours, new DealAreaDamage(encounterId, 1, DamageType.Fire, targets, "fireball"), cancellationToken).ConfigureAwait(false);
                return result.IsSuccess ? 0 : throw new InvalidOperationException($"DealAreaDamage on {k} targets: {result.Error}.");
            }

            foreach (var id in ids)
            {
                Verify.Command(ours, $"damage on {id}", await CommandWorkload.SendAsync(ours, new DealDamage(id, 1, DamageType.Fire, "fireball"), cancellationToken).ConfigureAwait(false));
            }

            return 0;
        }
    }
}
