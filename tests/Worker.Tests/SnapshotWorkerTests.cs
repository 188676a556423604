using Adapters.InMemory;
using Application.Characters;
using EventSourcing;
using Application.Events;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using static Worker.Tests.SnapshotJobTests;
using Hosting.Snapshots;

namespace Worker.Tests;

public sealed class SnapshotWorkerTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly InMemoryEventStore _store = new();
    private readonly InMemorySnapshotSchedule _schedule = new();

    [Fact]
    public async Task Given_a_running_worker_When_commands_flag_streams_Then_it_snapshots_them_in_the_background()
    {
        var schedule = new HookedSchedule(_schedule);
        await using var rig = new WorkerRig(_store, schedule);
        await rig.Worker.StartAsync(CancellationToken.None);

        var ids = await rig.SeedAsync(characters: 4, hits: 5);
        await schedule.WhenClearedAsync(ids.Length).WaitAsync(Patience);
        await rig.Worker.StopAsync(CancellationToken.None);
        Assert.Empty(await _schedule.ListDueAsync(CharacterEventTypes.Category, 100));

        // The flag is raised at version 4; the job may get there before or after the fifth hit lands.
        foreach (var id in ids)
        {
            Assert.InRange(await SnapshotVersionAsync(_store, id) ?? -1, 4, 5);
        }
    }

    [Fact]
    public async Task Given_a_worker_stopped_in_the_middle_of_a_batch_When_a_new_worker_starts_Then_everything_ends_snapshotted_and_nothing_is_lost()
    {
        // The first worker is stopped while it writes its fourth snapshot, and abandons it (no grace).
        var hooked = new HookedEventStore(_store);
        await using var first = new WorkerRig(hooked, _schedule);
        var ids = await first.SeedAsync(characters: 10, hits: 5);
        var writes = 0;
        var fourthStarted = new TaskCompletionSource<StreamId>(TaskCreationOptions.RunContinuationsAsynchronously);
        hooked.BeforeSnapshotWrite = async (stream, _, ct) =>
        {
            if (Interlocked.Increment(ref writes) == 4)
            {
                fourthStarted.SetResult(stream);
                await Task.Delay(Timeout.Infinite, ct);
            }
        };

        await first.Worker.StartAsync(CancellationToken.None);
        var abandoned = await fourthStarted.Task.WaitAsync(Patience);
        await first.Worker.StopAsync(CancellationToken.None).WaitAsync(Patience);

        var snapshotted = await SnapshottedAsync(ids);
        Assert.Equal(3, snapshotted.Count);
        Assert.DoesNotContain(abandoned.Id, snapshotted);
        var left = await _schedule.ListDueAsync(CharacterEventTypes.Category, 100);
        Assert.Equal(ids.Except(snapshotted), left.Select(f => f.StreamId.Id).Order());

        // A new worker over the same store finishes the job.
        var schedule = new HookedSchedule(_schedule);
        await using var second = new WorkerRig(_store, schedule);
        await second.Worker.StartAsync(CancellationToken.None);
        await schedule.WhenClearedAsync(left.Count).WaitAsync(Patience);
        await second.Worker.StopAsync(CancellationToken.None);
        Assert.Empty(await _schedule.ListDueAsync(CharacterEventTypes.Category, 100));

        Assert.Equal(ids, await SnapshottedAsync(ids));
        foreach (var id in ids)
        {
            var character = (await second.SendAsync(new GetCharacter(id))).Value;
            Assert.Equal((95, 5L), (character.CurrentHitPoints, character.Version));
            var history = (await second.SendAsync(new GetHistory(id))).Value;
            Assert.Equal(6, history.Events.Count);
        }
    }

    [Fact]
    public async Task Given_a_worker_stopped_between_writing_a_snapshot_and_clearing_its_flag_When_a_new_worker_starts_Then_it_only_clears_the_flag()
    {
        var schedule = new HookedSchedule(_schedule);
        await using var first = new WorkerRig(_store, schedule);
        var ids = await first.SeedAsync(characters: 3, hits: 5);
        var clearStarted = new TaskCompletionSource<StreamId>(TaskCreationOptions.RunContinuationsAsynchronously);
        schedule.BeforeClear = async (stream, ct) =>
        {
            clearStarted.TrySetResult(stream);
            await Task.Delay(Timeout.Infinite, ct);
        };

        await first.Worker.StartAsync(CancellationToken.None);
        var stream = await clearStarted.Task.WaitAsync(Patience);
        await first.Worker.StopAsync(CancellationToken.None).WaitAsync(Patience);

        Assert.Equal(5, await SnapshotVersionAsync(_store, stream.Id));
        Assert.Equal(3, (await _schedule.ListDueAsync(CharacterEventTypes.Category, 10)).Count);

        await using var second = new WorkerRig(_store, _schedule);
        var batch = await second.Job.RunOnceAsync(CancellationToken.None);

        Assert.Equal(new SnapshotBatch(Listed: 3, Cleared: 3, Written: 2, Dropped: 0, Failed: 0, Stopped: false), batch);
        Assert.Equal(ids, await SnapshottedAsync(ids));
    }

    [Fact]
    public async Task Given_a_grace_period_When_the_host_stops_during_a_refresh_Then_that_stream_is_finished_and_no_other_is_started()
    {
        var hooked = new HookedEventStore(_store);
        await using var rig = new WorkerRig(hooked, _schedule, new Dictionary<string, string?> { ["Worker:ShutdownGrace"] = "00:00:30" });
        var ids = await rig.SeedAsync(characters: 5, hits: 5);
        var writing = new TaskCompletionSource<StreamId>(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        hooked.BeforeSnapshotWrite = async (stream, _, _) =>
        {
            hooked.BeforeSnapshotWrite = null;
            writing.SetResult(stream);
            await release.Task;
        };

        await rig.Worker.StartAsync(CancellationToken.None);
        var inFlight = await writing.Task.WaitAsync(Patience);
        var stopping = rig.Worker.StopAsync(CancellationToken.None);
        Assert.False(stopping.IsCompleted);
        release.SetResult();
        await stopping.WaitAsync(Patience);

        Assert.Equal([inFlight.Id], await SnapshottedAsync(ids));
        var left = await _schedule.ListDueAsync(CharacterEventTypes.Category, 10);
        Assert.Equal(ids.Where(id => id != inFlight.Id), left.Select(f => f.StreamId.Id).Order());
    }

    [Fact]
    public async Task Given_the_store_is_down_for_a_while_When_the_worker_runs_Then_it_keeps_going_and_catches_up()
    {
        var hooked = new HookedEventStore(_store);
        var schedule = new HookedSchedule(_schedule);
        await using var rig = new WorkerRig(hooked, schedule);
        var ids = await rig.SeedAsync(characters: 2, hits: 5);
        var failures = 0;
        hooked.BeforeLoad = (_, _) => Interlocked.Increment(ref failures) <= 3
            ? Task.FromException(new EventStoreUnavailableException("connection refused"))
            : Task.CompletedTask;

        await rig.Worker.StartAsync(CancellationToken.None);
        await schedule.WhenClearedAsync(ids.Length).WaitAsync(Patience);
        await rig.Worker.StopAsync(CancellationToken.None);

        Assert.Empty(await _schedule.ListDueAsync(CharacterEventTypes.Category, 100));
        Assert.True(failures > 3);
        Assert.Equal(ids, await SnapshottedAsync(ids));
        Assert.False(rig.Worker.ExecuteTask!.IsFaulted);
    }

    [Fact]
    public async Task Given_a_full_batch_of_flags_above_their_heads_When_the_worker_runs_Then_it_drops_them_in_one_batch_and_pauses()
    {
        var clock = new PauseClock(TimeSpan.FromHours(1));
        var logs = new CapturedLogs();
        var schedule = new HookedSchedule(_schedule);
        var spinning = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var rig = new WorkerRig(
            _store,
            schedule,
            new Dictionary<string, string?> { ["Worker:PollInterval"] = "01:00:00", ["Worker:BatchSize"] = "100" },
            s => s.AddSingleton<TimeProvider>(clock).AddLogging(b => b.AddProvider(logs)));
        var streams = await FlagAboveHeadAsync(rig, _schedule, characters: 100);
        schedule.OnList = n =>
        {
            if (n > 3)
            {
                spinning.TrySetResult();
            }
        };

        await rig.Worker.StartAsync(CancellationToken.None);
        await Task.WhenAny(clock.WhenPausedAsync(1), spinning.Task).WaitAsync(Patience);
        await rig.Worker.StopAsync(CancellationToken.None);

        Assert.Equal(1, schedule.Listings);
        Assert.Empty(await _schedule.ListDueAsync(CharacterEventTypes.Category, 1000));
        AssertEachDroppedOnce(logs, streams);
    }

    [Fact]
    public async Task Given_flags_that_stay_after_being_cleared_When_the_worker_runs_Then_it_pauses_after_a_batch_that_wrote_nothing()
    {
        var clock = new PauseClock(TimeSpan.FromHours(1));
        var schedule = new HookedSchedule(_schedule);
        var spinning = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var rig = new WorkerRig(
            _store,
            schedule,
            new Dictionary<string, string?> { ["Worker:PollInterval"] = "01:00:00", ["Worker:BatchSize"] = "5" },
            s => s.AddSingleton<TimeProvider>(clock));
        var ids = await rig.SeedAsync(characters: 5, hits: 5);

        // A clear that reports success but removes nothing: the job counts the flags cleared, yet they come back.
        schedule.IgnoreClears = true;
        schedule.OnList = n =>
        {
            if (n > 4)
            {
                spinning.TrySetResult();
            }
        };

        await rig.Worker.StartAsync(CancellationToken.None);
        await Task.WhenAny(clock.WhenPausedAsync(1), spinning.Task).WaitAsync(Patience);
        await rig.Worker.StopAsync(CancellationToken.None);

        // The first full batch wrote five snapshots and went straight on; the second wrote none and paused.
        Assert.Equal(2, schedule.Listings);
        Assert.Equal(ids, await SnapshottedAsync(ids));
        Assert.Equal(5, (await _schedule.ListDueAsync(CharacterEventTypes.Category, 100)).Count);
    }

    private async Task<List<string>> SnapshottedAsync(IEnumerable<string> ids)
    {
        var result = new List<string>();
        foreach (var id in ids)
        {
            if (await SnapshotVersionAsync(_store, id) == 5)
            {
                result.Add(id);
            }
        }

        return result;
    }
}
