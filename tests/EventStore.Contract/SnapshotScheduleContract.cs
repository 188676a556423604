using EventSourcing;

namespace EventStore.Contract;

/// <summary>The behaviour every <see cref="ISnapshotSchedule"/> adapter must have.</summary>
public abstract class SnapshotScheduleContract
{
    protected abstract ISnapshotSchedule CreateSchedule();

    /// <summary>A schedule that reads the time from <paramref name="clock"/>, for tests that need distinct flag times.</summary>
    protected abstract ISnapshotSchedule CreateSchedule(TimeProvider clock);

    private static string NewCategory() => "s" + Guid.NewGuid().ToString("N")[..12];

    [Fact]
    public async Task Given_flags_When_listing_Then_each_flagged_stream_of_the_category_comes_once()
    {
        var schedule = CreateSchedule();
        var category = NewCategory();
        var a = new StreamId(category, "a");
        var b = new StreamId(category, "b");
        await schedule.FlagAsync(a, 49);
        await schedule.FlagAsync(b, 99);
        await schedule.FlagAsync(new StreamId(NewCategory(), "other"), 49);

        var due = await schedule.ListDueAsync(category, 10);

        Assert.Equal(new[] { a, b }.OrderBy(s => s.ToString(), StringComparer.Ordinal), due.Select(d => d.StreamId).OrderBy(s => s.ToString(), StringComparer.Ordinal));
        Assert.Equal(49, due.Single(d => d.StreamId == a).Version);
    }

    [Fact]
    public async Task Given_a_newer_flag_When_flagging_an_older_version_Then_the_newer_flag_stays()
    {
        var schedule = CreateSchedule();
        var category = NewCategory();
        var stream = new StreamId(category, "x");
        await schedule.FlagAsync(stream, 99);

        await schedule.FlagAsync(stream, 49);

        Assert.Equal(99, Assert.Single(await schedule.ListDueAsync(category, 10)).Version);
    }

    [Fact]
    public async Task Given_a_flag_When_clearing_at_or_after_its_version_Then_it_goes_and_before_it_Then_it_stays()
    {
        var schedule = CreateSchedule();
        var category = NewCategory();
        var stream = new StreamId(category, "x");
        await schedule.FlagAsync(stream, 99);

        await schedule.ClearAsync(stream, 49);
        var stillDue = await schedule.ListDueAsync(category, 10);
        await schedule.ClearAsync(stream, 99);
        var cleared = await schedule.ListDueAsync(category, 10);
        await schedule.ClearAsync(stream, 99);

        Assert.Single(stillDue);
        Assert.Empty(cleared);
    }

    [Fact]
    public async Task Given_many_flags_When_listing_with_a_maximum_Then_at_most_that_many_come_back()
    {
        var schedule = CreateSchedule();
        var category = NewCategory();
        for (var i = 0; i < 5; i++)
        {
            await schedule.FlagAsync(new StreamId(category, $"s{i}"), 49);
        }

        Assert.Equal(3, (await schedule.ListDueAsync(category, 3)).Count);
    }

    [Fact]
    public async Task Given_a_busy_stream_When_it_is_flagged_again_at_a_newer_version_Then_it_keeps_its_place_in_the_queue()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero));
        var schedule = CreateSchedule(clock);
        var category = NewCategory();
        // Named so that, were the times ever equal, stream id order would put the quiet one first.
        var busy = new StreamId(category, "z-busy");
        var quiet = new StreamId(category, "a-quiet");
        var first = clock.GetUtcNow();
        await schedule.FlagAsync(busy, 19);
        clock.Advance(TimeSpan.FromSeconds(1));
        await schedule.FlagAsync(quiet, 19);
        clock.Advance(TimeSpan.FromSeconds(1));

        await schedule.FlagAsync(busy, 39);

        var due = await schedule.ListDueAsync(category, 10);
        Assert.Equal([busy, quiet], due.Select(d => d.StreamId));
        Assert.Equal(39, due[0].Version);
        Assert.Equal(first, due[0].FlaggedAt);
        Assert.Equal(19, due[1].Version);
    }

    /// <summary>A clock that moves only when told to.</summary>
    private sealed class ManualClock(DateTimeOffset start) : TimeProvider
    {
        private DateTimeOffset _now = start;

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }
}
