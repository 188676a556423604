using Adapters.InMemory;
using Application.Characters;
using Application.Common;
using EventSourcing;
using Application.Events;
using Domain;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Hosting.Snapshots;

namespace Worker.Tests;

public sealed class SnapshotJobTests
{
    internal static readonly int SnapshotSchema = Application.Characters.CharacterAggregate.StoredSnapshotSchema;

    private readonly InMemoryEventStore _store = new();
    private readonly InMemorySnapshotSchedule _schedule = new();

    [Fact]
    public async Task Given_the_job_runs_When_commands_cross_K_Then_they_flag_streams_instead_of_writing_snapshots()
    {
        await using var rig = new WorkerRig(_store, _schedule);

        var ids = await rig.SeedAsync(characters: 3, hits: 5);

        Assert.False(rig.Services.GetRequiredService<IOptions<EventSourcingOptions>>().Value.SnapshotOnCommandPath);
        var due = await _schedule.ListDueAsync(CharacterEventTypes.Category, 100);
        Assert.Equal(ids, due.Select(d => d.StreamId.Id).Order());
        Assert.All(due, d => Assert.Equal(WorkerRig.SnapshotInterval - 1, d.Version));
        foreach (var id in ids)
        {
            Assert.Null(await SnapshotVersionAsync(_store, id));
        }
    }

    [Fact]
    public async Task Given_flagged_streams_When_the_job_runs_Then_snapshots_are_written_at_the_head_and_flags_cleared()
    {
        await using var rig = new WorkerRig(_store, _schedule);
        var ids = await rig.SeedAsync(characters: 3, hits: 5);

        var batch = await rig.Job.RunOnceAsync(CancellationToken.None);

        Assert.Equal(new SnapshotBatch(Listed: 3, Cleared: 3, Written: 3, Dropped: 0, Failed: 0, Stopped: false), batch);
        Assert.Empty(await _schedule.ListDueAsync(CharacterEventTypes.Category, 100));
        foreach (var id in ids)
        {
            Assert.Equal(5, await SnapshotVersionAsync(_store, id));
            Assert.Equal(95, (await rig.SendAsync(new GetCharacter(id))).Value.CurrentHitPoints);
        }

        Assert.Equal(new SnapshotBatch(0, 0, 0, 0, 0, false), await rig.Job.RunOnceAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Given_more_flags_than_a_batch_When_the_job_runs_Then_it_pages_through_them_oldest_first()
    {
        await using var rig = new WorkerRig(_store, _schedule, new Dictionary<string, string?> { ["Worker:BatchSize"] = "2" });
        var ids = await rig.SeedAsync(characters: 5, hits: 5);

        var batches = new List<SnapshotBatch>();
        for (var i = 0; i < 4; i++)
        {
            batches.Add(await rig.Job.RunOnceAsync(CancellationToken.None));
        }

        Assert.Equal([2, 2, 1, 0], batches.Select(b => b.Listed));
        Assert.Equal(5, batches.Sum(b => b.Written));
        foreach (var id in ids)
        {
            Assert.Equal(5, await SnapshotVersionAsync(_store, id));
        }
    }

    [Fact]
    public async Task Given_a_newer_commit_during_the_refresh_When_the_flag_is_cleared_Then_the_newer_flag_stays_for_the_next_round()
    {
        var store = new HookedEventStore(_store);
        await using var rig = new WorkerRig(store, _schedule);
        await rig.SeedAsync(characters: 1, hits: 5);

        // While the job writes the snapshot at version 5, the DM deals five more hits: version 10, flagged at 9.
        store.BeforeSnapshotWrite = async (_, snapshot, _) =>
        {
            store.BeforeSnapshotWrite = null;
            for (var i = 0; i < 5; i++)
            {
                Assert.True((await rig.SendAsync(new DealDamage("c00", 1, DamageType.Cold))).IsSuccess);
            }
        };

        var first = await rig.Job.RunOnceAsync(CancellationToken.None);

        Assert.Equal(1, first.Written);
        Assert.Equal(5, await SnapshotVersionAsync(_store, "c00"));
        var flag = Assert.Single(await _schedule.ListDueAsync(CharacterEventTypes.Category, 10));
        Assert.Equal(9, flag.Version);

        await rig.Job.RunOnceAsync(CancellationToken.None);

        Assert.Equal(10, await SnapshotVersionAsync(_store, "c00"));
        Assert.Empty(await _schedule.ListDueAsync(CharacterEventTypes.Category, 10));
    }

    [Fact]
    public async Task Given_two_workers_When_they_run_the_same_batch_at_once_Then_each_snapshot_is_written_once_and_all_flags_clear()
    {
        var (storeA, storeB) = (new HookedEventStore(_store), new HookedEventStore(_store));
        await using var first = new WorkerRig(storeA, _schedule);
        await using var second = new WorkerRig(storeB, _schedule);
        var ids = await first.SeedAsync(characters: 10, hits: 5);

        // Neither worker loads a stream until both have listed the same ten flags.
        var listed = 0;
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Func<StreamId, CancellationToken, Task> WaitForBoth(HookedEventStore store) => async (_, ct) =>
        {
            store.BeforeLoad = null;
            if (Interlocked.Increment(ref listed) == 2)
            {
                go.SetResult();
            }

            await go.Task.WaitAsync(TimeSpan.FromSeconds(10), ct);
        };
        storeA.BeforeLoad = WaitForBoth(storeA);
        storeB.BeforeLoad = WaitForBoth(storeB);

        var batches = await Task.WhenAll(
            Task.Run(() => first.Job.RunOnceAsync(CancellationToken.None)),
            Task.Run(() => second.Job.RunOnceAsync(CancellationToken.None)));

        Assert.All(batches, b => Assert.Equal(10, b.Listed));
        Assert.Equal(10, batches.Sum(b => b.Written));
        Assert.Equal(20, batches.Sum(b => b.Cleared));
        Assert.Empty(await _schedule.ListDueAsync(CharacterEventTypes.Category, 100));
        foreach (var id in ids)
        {
            Assert.Equal(5, await SnapshotVersionAsync(_store, id));
        }
    }

    [Fact]
    public async Task Given_a_flag_for_a_character_that_does_not_exist_When_the_job_runs_Then_the_flag_is_dropped()
    {
        await using var rig = new WorkerRig(_store, _schedule);
        await _schedule.FlagAsync(new StreamId(CharacterEventTypes.Category, "ghost"), 4);

        var batch = await rig.Job.RunOnceAsync(CancellationToken.None);

        Assert.Equal(new SnapshotBatch(Listed: 1, Cleared: 0, Written: 0, Dropped: 1, Failed: 0, Stopped: false), batch);
        Assert.Empty(await _schedule.ListDueAsync(CharacterEventTypes.Category, 10));
    }

    [Fact]
    public async Task Given_flags_above_their_streams_heads_When_the_job_runs_Then_each_is_dropped_at_its_own_version_and_logged_once()
    {
        var logs = new CapturedLogs();
        await using var rig = new WorkerRig(_store, _schedule, configure: s => s.AddLogging(b => b.AddProvider(logs)));
        var streams = await FlagAboveHeadAsync(rig, _schedule, characters: 100);

        var first = await rig.Job.RunOnceAsync(CancellationToken.None);
        var second = await rig.Job.RunOnceAsync(CancellationToken.None);

        Assert.Equal(new SnapshotBatch(Listed: 100, Cleared: 0, Written: 0, Dropped: 100, Failed: 0, Stopped: false), first);
        Assert.Equal(new SnapshotBatch(0, 0, 0, 0, 0, false), second);
        Assert.Empty(await _schedule.ListDueAsync(CharacterEventTypes.Category, 1000));
        AssertEachDroppedOnce(logs, streams);
    }

    [Fact]
    public async Task Given_one_stream_fails_to_load_When_the_job_runs_Then_the_others_are_snapshotted_and_its_flag_stays()
    {
        var store = new HookedEventStore(_store);
        await using var rig = new WorkerRig(store, _schedule);
        await rig.SeedAsync(characters: 3, hits: 5);
        store.BeforeLoad = (stream, _) => stream.Id == "c01"
            ? Task.FromException(new InvalidOperationException("corrupt stream"))
            : Task.CompletedTask;

        var batch = await rig.Job.RunOnceAsync(CancellationToken.None);

        Assert.Equal(new SnapshotBatch(Listed: 3, Cleared: 2, Written: 2, Dropped: 0, Failed: 1, Stopped: false), batch);
        var left = Assert.Single(await _schedule.ListDueAsync(CharacterEventTypes.Category, 10));
        Assert.Equal("c01", left.StreamId.Id);
    }

    [Fact]
    public async Task Given_the_store_is_unavailable_When_the_job_runs_Then_the_batch_stops_and_every_flag_stays()
    {
        var store = new HookedEventStore(_store);
        await using var rig = new WorkerRig(store, _schedule);
        await rig.SeedAsync(characters: 2, hits: 5);
        store.BeforeLoad = (_, _) => Task.FromException(new EventStoreUnavailableException("throttled"));

        await Assert.ThrowsAsync<EventStoreUnavailableException>(() => rig.Job.RunOnceAsync(CancellationToken.None));

        Assert.Equal(2, (await _schedule.ListDueAsync(CharacterEventTypes.Category, 10)).Count);
    }

    /// <summary>Creates characters at version 0 and flags each at version 50, far above its head.</summary>
    internal static async Task<StreamId[]> FlagAboveHeadAsync(WorkerRig rig, ISnapshotSchedule schedule, int characters)
    {
        var ids = await rig.SeedAsync(characters, hits: 0);
        var streams = ids.Select(id => new StreamId(CharacterEventTypes.Category, id)).ToArray();
        foreach (var stream in streams)
        {
            await schedule.FlagAsync(stream, 50);
        }

        return streams;
    }

    /// <summary>Each stream's flag was dropped with exactly one warning, and nothing else was logged at warning or above.</summary>
    internal static void AssertEachDroppedOnce(CapturedLogs logs, IReadOnlyCollection<StreamId> streams)
    {
        var warnings = logs.Lines.Where(l => l.Level >= LogLevel.Warning).ToList();
        Assert.Equal(streams.Count, warnings.Count);
        Assert.All(warnings, w => Assert.Equal(LogLevel.Warning, w.Level));
        foreach (var stream in streams)
        {
            var line = Assert.Single(warnings, w => w.Message.StartsWith($"Dropped the snapshot flag of {stream} at 50:", StringComparison.Ordinal));
            Assert.Contains("head is 0, below the flag", line.Message, StringComparison.Ordinal);
        }
    }

    internal static async Task<long?> SnapshotVersionAsync(IEventStore store, string id) =>
        (await store.LoadAsync(new StreamId(CharacterEventTypes.Category, id), SnapshotSchema)).Snapshot?.Version;
}
