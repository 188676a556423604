using Application.Characters;
using Application.Common;
using EventSourcing;
using Benchmarks.Designs;
using Benchmarks.Seeding;

namespace Benchmarks.Workloads;

/// <summary>
/// Every measured operation is also checked: a design that answered fast but wrong must fail the run, not win it.
/// </summary>
internal static class Verify
{
    public static void State(Design design, CharacterHistory history, Result<CharacterView> result)
    {
        ArgumentNullException.ThrowIfNull(design);
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(result);
        if (!result.IsSuccess)
        {
            throw new InvalidOperationException($"{design.Name}: loading {history.CharacterId} failed: {result.Error}");
        }

        var view = result.Value;
        if (view.Version != history.Version || view.CurrentHitPoints != history.FinalState.CurrentHitPoints || view.Name != history.FinalState.Name)
        {
            throw new InvalidOperationException(
                $"{design.Name}: {history.CharacterId} loaded at version {view.Version} with {view.CurrentHitPoints} HP; " +
                $"the seed says version {history.Version} with {history.FinalState.CurrentHitPoints} HP.");
        }
    }

    /// <summary>The snapshot designs must actually start from the seeded snapshot, or their load figures mean nothing.</summary>
    public static void Snapshot(Design design, CharacterHistory history, LoadedStream loaded)
    {
        ArgumentNullException.ThrowIfNull(design);
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(loaded);
        var expected = design is NaiveDesign ? null : history.NewestSnapshot?.Version;
        if (loaded.Snapshot?.Version != expected || loaded.Version != history.Version)
        {
            throw new InvalidOperationException(
                $"{design.Name}: {history.CharacterId} loaded with the snapshot at {loaded.Snapshot?.Version.ToString() ?? "none"} and version {loaded.Version}; " +
                $"expected the snapshot at {expected?.ToString() ?? "none"} and version {history.Version}.");
        }
    }

    public static void Command(Design design, string what, Result<CommandResult> result)
    {
        ArgumentNullException.ThrowIfNull(design);
        ArgumentNullException.ThrowIfNull(result);
        if (!result.IsSuccess)
        {
            throw new InvalidOperationException($"{design.Name}: {what} failed: {result.Error}");
        }
    }
}
