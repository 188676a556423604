using System.Globalization;
using Application.Characters;
using Application.Events;
using Benchmarks.Designs;
using Benchmarks.Reporting;
using Benchmarks.Seeding;
using Domain;
using EventSourcing;

namespace Benchmarks.Workloads;

/// <summary>
/// Issue 14 §2: an atomic blow on k targets (one multi-stream commit, <c>AppendAsync(IReadOnlyList&lt;StreamAppend&gt;)</c>)
/// against the same damage as k separate appends, at the port of ours (no area-damage use case is on main yet). Both
/// load every target first, as a command would, and write the same damage event to each; per blow: requests, WCU by
/// AWS's rule, p50 and p95.
/// </summary>
internal static class MultiTargetWorkload
{
    public const string Atomic = "atomic: one multi-stream commit";
    public const string Separate = "separate: one append per target";

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
        }

        return rows;
    }
}
