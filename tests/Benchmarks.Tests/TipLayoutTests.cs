using Application.Events;
using Benchmarks.Designs;
using Benchmarks.Seeding;

namespace Benchmarks.Tests;

/// <summary>
/// The tip baseline's one rule, without DynamoDB: whatever the stream's length, the tip stays within Equinox's 32 KB
/// and the batches plus the tip hold every event exactly once, in order. A baseline that lost events would look cheap.
/// </summary>
public sealed class TipLayoutTests
{
    [Theory]
    [InlineData(10)]
    [InlineData(1_000)]
    public void Given_a_history_When_it_is_laid_out_as_tip_and_batches_Then_every_event_is_kept_once_in_order_and_the_tip_fits(int count)
    {
        var history = CharacterHistory.Generate("tip-test", count, 50, 100, CharacterEventTypes.CreateRegistry(), DateTimeOffset.UnixEpoch);
        var pk = history.Stream.ToString();
        var tip = TipImage.Empty;
        var batches = new List<(long First, int Count)>();
        for (var version = 0; version < count; version++)
        {
            var (next, batch) = TipLayout.Append(tip, [TipLayout.EventValue(history.Events[version])], pk);
            if (batch is not null)
            {
                batches.Add((long.Parse(batch[TipLayout.Sk].N, System.Globalization.CultureInfo.InvariantCulture), batch[TipLayout.EventsName].L.Count));
            }

            tip = history.SnapshotAt(version) is { } snapshot ? next with { Snapshot = TipLayout.SnapshotValue(snapshot) } : next;
            Assert.True(Items.SizeOf(tip.ToItem(pk)) <= TipLayout.MaxTipBytes, $"the tip is over 32 KB at version {version}");
        }

        var covered = batches.Select(b => (b.First, Last: b.First + b.Count - 1)).Append((First: tip.Base, Last: tip.Next - 1)).ToList();
        Assert.Equal(0, covered[0].First);
        Assert.All(covered.Zip(covered.Skip(1)), pair => Assert.Equal(pair.First.Last + 1, pair.Second.First));
        Assert.Equal(count - 1, covered[^1].Last);
        Assert.Equal(count, tip.Next);
    }

    [Fact]
    public void Given_a_long_history_When_laid_out_Then_the_tip_starts_at_or_before_the_event_after_the_snapshot()
    {
        var history = CharacterHistory.Generate("tip-test", 2_000, 50, 100, CharacterEventTypes.CreateRegistry(), DateTimeOffset.UnixEpoch);
        var pk = history.Stream.ToString();
        var tip = TipImage.Empty;
        foreach (var (e, version) in history.Events.Select((e, v) => (e, v)))
        {
            tip = TipLayout.Append(tip, [TipLayout.EventValue(e)], pk).Tip;
            if (history.SnapshotAt(version) is { } snapshot)
            {
                tip = tip with { Snapshot = TipLayout.SnapshotValue(snapshot) };
            }
        }

        // A load then needs the tip alone: it is what makes the design's loads one request.
        Assert.True(tip.Base <= tip.SnapshotVersion + 1, $"tip from {tip.Base}, snapshot at {tip.SnapshotVersion}");
    }
}
