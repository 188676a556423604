using EventSourcing;
using Application.Events;

namespace EventStore.Contract;

/// <summary>
/// The behaviour every <see cref="IEventStore"/> adapter must have, written once and inherited unchanged by
/// each adapter's test project. Each test works on fresh stream ids (and a fresh category where it lists),
/// so one store may serve a whole test class.
/// </summary>
public abstract partial class EventStoreContract
{
    /// <summary>The store under test. Called once per test; returning a shared instance is fine.</summary>
    protected abstract IEventStore CreateStore();

    /// <summary>
    /// Deletes one stored event behind the store's back, as an operator could by hand (on DynamoDB, a raw DeleteItem),
    /// so that the suite can check what the store does with a stream it did not write that way.
    /// </summary>
    protected abstract Task DeleteEventOutOfBandAsync(StreamId stream, long version);

    /// <summary>How many barrier rounds the 16-writer race runs.</summary>
    protected virtual int RaceRounds => 200;

    protected static StreamId NewStream(string category = "contract") => new(category, Guid.NewGuid().ToString("N"));

    protected static string NewCategory() => "c" + Guid.NewGuid().ToString("N")[..12];

    protected static EventData Event(Guid? commandId = null, string type = "thing-happened.v1", string? payload = null, int index = 0) =>
        new(
            Guid.NewGuid(),
            type,
            1,
            new DateTimeOffset(2026, 11, 22, 10, 0, 0, TimeSpan.Zero).AddMilliseconds(index),
            payload ?? $$"""{"index":{{index}},"text":"ünïcode ✓"}""",
            new EventMetadata(commandId ?? Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid()));

    protected static IReadOnlyList<EventData> Commit(int count, Guid? commandId = null, int startIndex = 0)
    {
        var command = commandId ?? Guid.NewGuid();
        return Enumerable.Range(startIndex, count).Select(i => Event(command, index: i)).ToList();
    }

    protected static async Task<List<EventEnvelope>> ReadAll(IEventStore store, StreamId stream, int pageSize = 1000, long from = 0)
    {
        var all = new List<EventEnvelope>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await store.ReadAsync(stream, from, pageSize, token);
            all.AddRange(page.Events);
            token = page.ContinuationToken;
            Assert.True(++pages < 100_000, "Paging does not end.");
        }
        while (token is not null);
        return all;
    }

    [Fact]
    public async Task Given_no_stream_When_appending_at_no_stream_Then_versions_start_at_zero()
    {
        var store = CreateStore();
        var stream = NewStream();

        var result = await store.AppendAsync(stream, ExpectedVersion.NoStream, [Event()]);

        Assert.Equal(new AppendResult.Appended(0, 0), result);
        var loaded = await store.LoadAsync(stream, 1);
        Assert.Equal(0, loaded.Version);
        Assert.True(loaded.Exists);
    }

    [Fact]
    public async Task Given_an_unknown_stream_When_loading_and_reading_Then_it_is_empty_at_version_minus_one()
    {
        var store = CreateStore();
        var stream = NewStream();

        var loaded = await store.LoadAsync(stream, 1);
        var page = await store.ReadAsync(stream, 0, 10);

        Assert.Equal(ExpectedVersion.NoStreamVersion, loaded.Version);
        Assert.False(loaded.Exists);
        Assert.Null(loaded.Snapshot);
        Assert.Empty(loaded.Events);
        Assert.Empty(page.Events);
        Assert.Null(page.ContinuationToken);
    }

    [Fact]
    public async Task Given_events_When_reading_Then_every_envelope_field_round_trips()
    {
        var store = CreateStore();
        var stream = NewStream();
        var data = Event(payload: """{"name":"Grög \"the\" Bold","hp":8,"nested":{"list":[1,2,3]}}""");

        await store.AppendAsync(stream, ExpectedVersion.NoStream, [data]);
        var read = Assert.Single((await store.ReadAsync(stream, 0, 10)).Events);

        Assert.Equal(data.EventId, read.EventId);
        Assert.Equal(stream, read.StreamId);
        Assert.Equal(0, read.Version);
        Assert.Equal(data.Type, read.Type);
        Assert.Equal(data.SchemaVersion, read.SchemaVersion);
        Assert.Equal(data.Timestamp, read.Timestamp);
        Assert.Equal(TimeSpan.Zero, read.Timestamp.Offset);
        Assert.Equal(data.Payload, read.Payload);
        Assert.Equal(data.Metadata, read.Metadata);
    }

    [Fact]
    public async Task Given_a_stream_When_appending_at_no_stream_Then_it_conflicts_and_writes_nothing()
    {
        var store = CreateStore();
        var stream = NewStream();
        var winner = Event();
        await store.AppendAsync(stream, ExpectedVersion.NoStream, [winner]);

        var result = await store.AppendAsync(stream, ExpectedVersion.NoStream, [Event()]);

        var conflict = Assert.IsType<AppendResult.Conflict>(result);
        Assert.Equal(ExpectedVersion.NoStream, conflict.Expected);
        Assert.Equal(0, conflict.ActualVersion);
        Assert.Equal(winner.EventId, Assert.Single(conflict.CommittedEvents).EventId);
        Assert.Single(await ReadAll(store, stream));
    }

    [Fact]
    public async Task Given_a_stale_version_When_appending_Then_the_conflict_carries_the_winning_commit_and_nothing_is_written()
    {
        var store = CreateStore();
        var stream = NewStream();
        await store.AppendAsync(stream, ExpectedVersion.NoStream, [Event()]);
        var winner = Event();
        await store.AppendAsync(stream, ExpectedVersion.Exact(0), [winner]);

        var result = await store.AppendAsync(stream, ExpectedVersion.Exact(0), [Event()]);

        var conflict = Assert.IsType<AppendResult.Conflict>(result);
        Assert.Equal(ExpectedVersion.Exact(0), conflict.Expected);
        Assert.Equal(1, conflict.ActualVersion);
        var committed = Assert.Single(conflict.CommittedEvents);
        Assert.Equal(winner.EventId, committed.EventId);
        Assert.Equal(1, committed.Version);
        Assert.Equal(2, (await ReadAll(store, stream)).Count);
    }

    [Fact]
    public async Task Given_a_version_stale_by_two_commits_When_appending_Then_the_conflict_reports_the_first_winning_commit()
    {
        var store = CreateStore();
        var stream = NewStream();
        await store.AppendAsync(stream, ExpectedVersion.NoStream, [Event()]);
        await store.AppendAsync(stream, ExpectedVersion.Exact(0), Commit(2));
        await store.AppendAsync(stream, ExpectedVersion.Exact(2), [Event()]);

        var result = await store.AppendAsync(stream, ExpectedVersion.Exact(0), [Event()]);

        // The failed write sees the commit right after the expected version: it ends at 2, the stream is at 3.
        var conflict = Assert.IsType<AppendResult.Conflict>(result);
        Assert.Equal(2, conflict.ActualVersion);
        Assert.Equal(1, Assert.Single(conflict.CommittedEvents).Version);
        Assert.Equal(4, (await ReadAll(store, stream)).Count);
    }

    [Fact]
    public async Task Given_an_expected_version_beyond_the_stream_When_appending_Then_it_conflicts_and_leaves_no_gap()
    {
        var store = CreateStore();
        var stream = NewStream();
        await store.AppendAsync(stream, ExpectedVersion.NoStream, Commit(3));

        var result = await store.AppendAsync(stream, ExpectedVersion.Exact(7), [Event()]);
        var multi = await store.AppendAsync(stream, ExpectedVersion.Exact(5), Commit(2));

        var conflict = Assert.IsType<AppendResult.Conflict>(result);
        Assert.Equal(2, conflict.ActualVersion);
        Assert.Empty(conflict.CommittedEvents);
        Assert.IsType<AppendResult.Conflict>(multi);
        Assert.Equal([0L, 1L, 2L], (await ReadAll(store, stream)).Select(e => e.Version));
    }

    [Fact]
    public async Task Given_a_new_stream_When_appending_at_a_version_Then_it_conflicts_and_writes_nothing()
    {
        var store = CreateStore();
        var stream = NewStream();

        var result = await store.AppendAsync(stream, ExpectedVersion.Exact(0), [Event()]);

        var conflict = Assert.IsType<AppendResult.Conflict>(result);
        Assert.Equal(ExpectedVersion.NoStreamVersion, conflict.ActualVersion);
        Assert.Empty(await ReadAll(store, stream));
    }

    [Fact]
    public async Task Given_a_multi_event_commit_When_appending_Then_the_events_get_consecutive_versions()
    {
        var store = CreateStore();
        var stream = NewStream();
        await store.AppendAsync(stream, ExpectedVersion.NoStream, [Event()]);

        var result = await store.AppendAsync(stream, ExpectedVersion.Exact(0), Commit(3));

        Assert.Equal(new AppendResult.Appended(1, 3), result);
        Assert.Equal([0L, 1L, 2L, 3L], (await ReadAll(store, stream)).Select(e => e.Version));
    }

    [Fact]
    public async Task Given_a_multi_event_commit_that_conflicts_When_appending_Then_none_of_its_events_is_written()
    {
        var store = CreateStore();
        var stream = NewStream();
        await store.AppendAsync(stream, ExpectedVersion.NoStream, [Event()]);
        await store.AppendAsync(stream, ExpectedVersion.Exact(0), [Event()]);
        var loser = Commit(3);

        var result = await store.AppendAsync(stream, ExpectedVersion.Exact(0), loser);

        Assert.IsType<AppendResult.Conflict>(result);
        var all = await ReadAll(store, stream);
        Assert.Equal(2, all.Count);
        Assert.DoesNotContain(all, e => loser.Any(l => l.EventId == e.EventId));
    }

    [Fact]
    public async Task Given_a_committed_command_When_the_same_command_is_appended_again_at_the_same_version_Then_it_is_already_applied()
    {
        var store = CreateStore();
        var stream = NewStream();
        await store.AppendAsync(stream, ExpectedVersion.NoStream, [Event()]);
        var commandId = Guid.NewGuid();
        await store.AppendAsync(stream, ExpectedVersion.Exact(0), Commit(2, commandId));

        // A retry after a timeout whose write had in fact succeeded.
        var result = await store.AppendAsync(stream, ExpectedVersion.Exact(0), Commit(2, commandId));

        var done = Assert.IsType<AppendResult.AlreadyApplied>(result);
        Assert.Equal((1L, 2L, (Guid?)commandId, (long?)1), (done.FirstVersion, done.LastVersion, done.FirstEvent?.Metadata.CommandId, done.FirstEvent?.Version));
        Assert.Equal(3, (await ReadAll(store, stream)).Count);
    }

    [Fact]
    public async Task Given_an_empty_commit_When_appending_Then_it_is_refused()
    {
        var store = CreateStore();

        await Assert.ThrowsAsync<ArgumentException>(() => store.AppendAsync(NewStream(), ExpectedVersion.NoStream, []));
    }

    [Fact]
    public async Task Given_1000_events_When_paging_Then_each_event_is_read_exactly_once_in_order()
    {
        var store = CreateStore();
        var stream = NewStream();
        var expected = ExpectedVersion.NoStream;
        for (var commit = 0; commit < 100; commit++)
        {
            var result = Assert.IsType<AppendResult.Appended>(await store.AppendAsync(stream, expected, Commit(10, startIndex: commit * 10)));
            expected = ExpectedVersion.Exact(result.LastVersion);
        }

        var all = await ReadAll(store, stream, pageSize: 97);

        Assert.Equal(Enumerable.Range(0, 1000).Select(i => (long)i), all.Select(e => e.Version));
        Assert.Equal(1000, all.Select(e => e.EventId).Distinct().Count());
        Assert.Equal(Enumerable.Range(0, 1000).Select(i => $$"""{"index":{{i}},"text":"ünïcode ✓"}"""), all.Select(e => e.Payload));
    }

    [Fact]
    public async Task Given_events_When_reading_from_a_version_Then_the_page_starts_there()
    {
        var store = CreateStore();
        var stream = NewStream();
        await store.AppendAsync(stream, ExpectedVersion.NoStream, Commit(10));

        var page = await store.ReadAsync(stream, 4, 3);
        var rest = await ReadAll(store, stream, pageSize: 3, from: 4);

        Assert.Equal([4L, 5L, 6L], page.Events.Select(e => e.Version));
        Assert.NotNull(page.ContinuationToken);
        Assert.Equal([4L, 5L, 6L, 7L, 8L, 9L], rest.Select(e => e.Version));
    }

    [Fact]
    public async Task Given_a_token_from_another_stream_or_garbage_When_reading_Then_it_is_refused()
    {
        var store = CreateStore();
        var one = NewStream();
        await store.AppendAsync(one, ExpectedVersion.NoStream, Commit(5));
        var token = (await store.ReadAsync(one, 0, 2)).ContinuationToken!;

        await Assert.ThrowsAsync<InvalidContinuationTokenException>(() => store.ReadAsync(NewStream(), 0, 2, token));
        await Assert.ThrowsAsync<InvalidContinuationTokenException>(() => store.ReadAsync(one, 0, 2, "not a token!"));
    }

    [Fact]
    public async Task Given_a_listing_token_from_another_category_garbage_or_forged_When_listing_Then_it_is_refused()
    {
        var store = CreateStore();
        var category = NewCategory();
        await store.AppendAsync(NewStream(category), ExpectedVersion.NoStream, [Event()]);
        await store.AppendAsync(NewStream(category), ExpectedVersion.NoStream, [Event()]);
        var token = (await store.ListStreamsAsync(category, 1)).ContinuationToken!;
        var tooLong = ContinuationTokens.ForStreamId(category, category + "-" + new string('x', 2_000));
        var foreign = ContinuationTokens.ForStreamId(category, NewStream(NewCategory()).ToString());
        var readToken = ContinuationTokens.ForVersion(NewStream(category), 1);

        await Assert.ThrowsAsync<InvalidContinuationTokenException>(() => store.ListStreamsAsync(NewCategory(), 1, token));
        await Assert.ThrowsAsync<InvalidContinuationTokenException>(() => store.ListStreamsAsync(category, 1, "not a token!"));
        await Assert.ThrowsAsync<InvalidContinuationTokenException>(() => store.ListStreamsAsync(category, 1, tooLong));
        await Assert.ThrowsAsync<InvalidContinuationTokenException>(() => store.ListStreamsAsync(category, 1, foreign));
        await Assert.ThrowsAsync<InvalidContinuationTokenException>(() => store.ListStreamsAsync(category, 1, readToken));
    }

    [Fact]
    public async Task Given_ids_containing_a_pipe_When_paging_reads_and_listings_Then_their_tokens_are_accepted()
    {
        var store = CreateStore();
        var category = "c|" + Guid.NewGuid().ToString("N")[..12];
        var streams = Enumerable.Range(0, 3).Select(i => new StreamId(category, $"id|{i}|{Guid.NewGuid():N}")).ToList();
        foreach (var stream in streams)
        {
            await store.AppendAsync(stream, ExpectedVersion.NoStream, Commit(3));
        }

        var read = await ReadAll(store, streams[0], pageSize: 1);
        var listed = new List<string>();
        string? token = null;
        do
        {
            var page = await store.ListStreamsAsync(category, 1, token);
            listed.AddRange(page.FirstEvents.Select(e => e.StreamId.ToString()));
            token = page.ContinuationToken;
        }
        while (token is not null);

        Assert.Equal([0L, 1L, 2L], read.Select(e => e.Version));
        Assert.Equal(streams.Select(s => s.ToString()).Order(StringComparer.Ordinal), listed);
    }

    [Fact]
    public async Task Given_no_snapshot_When_loading_Then_all_events_come_back()
    {
        var store = CreateStore();
        var stream = NewStream();
        await store.AppendAsync(stream, ExpectedVersion.NoStream, Commit(5));

        var loaded = await store.LoadAsync(stream, 1);

        Assert.Null(loaded.Snapshot);
        Assert.Equal(4, loaded.Version);
        Assert.Equal([0L, 1L, 2L, 3L, 4L], loaded.Events.Select(e => e.Version));
    }

    [Fact]
    public async Task Given_a_snapshot_When_loading_Then_the_snapshot_and_only_the_events_after_it_come_back()
    {
        var store = CreateStore();
        var stream = NewStream();
        await store.AppendAsync(stream, ExpectedVersion.NoStream, Commit(5));
        var snapshot = new Snapshot(2, 1, DateTimeOffset.UnixEpoch.AddDays(1), """{"state":"at two"}""");
        Assert.True(await store.WriteSnapshotAsync(stream, snapshot));
        await store.AppendAsync(stream, ExpectedVersion.Exact(4), Commit(2));

        var loaded = await store.LoadAsync(stream, 1);

        Assert.Equal(snapshot, loaded.Snapshot);
        Assert.Equal(6, loaded.Version);
        Assert.Equal([3L, 4L, 5L, 6L], loaded.Events.Select(e => e.Version));
    }

    [Fact]
    public async Task Given_a_snapshot_at_the_head_When_loading_Then_no_events_come_back_and_the_version_is_the_snapshots()
    {
        var store = CreateStore();
        var stream = NewStream();
        await store.AppendAsync(stream, ExpectedVersion.NoStream, Commit(3));
        await store.WriteSnapshotAsync(stream, new Snapshot(2, 1, DateTimeOffset.UnixEpoch, "{}"));

        var loaded = await store.LoadAsync(stream, 1);

        Assert.Equal(2, loaded.Version);
        Assert.NotNull(loaded.Snapshot);
        Assert.Empty(loaded.Events);
    }

    [Fact]
    public async Task Given_a_snapshot_of_another_schema_When_loading_Then_it_is_ignored_and_all_events_come_back()
    {
        var store = CreateStore();
        var stream = NewStream();
        await store.AppendAsync(stream, ExpectedVersion.NoStream, Commit(4));
        await store.WriteSnapshotAsync(stream, new Snapshot(2, 1, DateTimeOffset.UnixEpoch, """{"old":true}"""));

        var loaded = await store.LoadAsync(stream, 2);

        Assert.Null(loaded.Snapshot);
        Assert.Equal([0L, 1L, 2L, 3L], loaded.Events.Select(e => e.Version));
    }

    [Theory]
    [InlineData(4, 4)]
    [InlineData(2, 4)]
    [InlineData(0, 4)]
    public async Task Given_events_behind_a_snapshot_deleted_by_hand_When_loading_Then_the_stream_is_corrupted_and_an_append_at_the_old_head_writes_nothing(
        int firstDeleted, int lastDeleted)
    {
        var store = CreateStore();
        var stream = NewStream();
        await store.AppendAsync(stream, ExpectedVersion.NoStream, Commit(5));
        Assert.True(await store.WriteSnapshotAsync(stream, new Snapshot(4, 1, DateTimeOffset.UnixEpoch, "{}")));
        Assert.Equal(4, (await store.LoadAsync(stream, 1)).Version);
        for (var version = firstDeleted; version <= lastDeleted; version++)
        {
            await DeleteEventOutOfBandAsync(stream, version);
        }

        var error = await Assert.ThrowsAsync<StreamCorruptedException>(() => store.LoadAsync(stream, 1));
        var ignoringSnapshot = await Assert.ThrowsAsync<StreamCorruptedException>(() => store.LoadAsync(stream, 2));
        var append = await store.AppendAsync(stream, ExpectedVersion.Exact(4), [Event()]);

        Assert.Equal(stream, error.StreamId);
        Assert.Contains(stream.ToString(), error.Message, StringComparison.Ordinal);
        Assert.Equal(stream, ignoringSnapshot.StreamId);
        var conflict = Assert.IsType<AppendResult.Conflict>(append);
        Assert.Equal(firstDeleted - 1, conflict.ActualVersion);
        Assert.Empty(conflict.CommittedEvents);
        Assert.Equal(Enumerable.Range(0, firstDeleted).Select(v => (long)v), (await ReadAll(store, stream)).Select(e => e.Version));
        await Assert.ThrowsAsync<StreamCorruptedException>(() => store.LoadAsync(stream, 1));
    }

    [Fact]
    public async Task Given_a_hole_in_the_middle_When_loading_or_reading_across_it_Then_the_stream_is_corrupted()
    {
        var store = CreateStore();
        var stream = NewStream();
        await store.AppendAsync(stream, ExpectedVersion.NoStream, Commit(6));
        await DeleteEventOutOfBandAsync(stream, 2);

        var load = await Assert.ThrowsAsync<StreamCorruptedException>(() => store.LoadAsync(stream, 1));
        var read = await Assert.ThrowsAsync<StreamCorruptedException>(() => store.ReadAsync(stream, 0, 10));
        var pageBeforeTheHole = await Assert.ThrowsAsync<StreamCorruptedException>(() => store.ReadAsync(stream, 0, 2));
        var fromTheHole = await Assert.ThrowsAsync<StreamCorruptedException>(() => store.ReadAsync(stream, 2, 10));
        var firstPage = await store.ReadAsync(stream, 0, 1);
        var afterTheHole = await store.ReadAsync(stream, 3, 10);

        Assert.All([load, read, pageBeforeTheHole, fromTheHole], e => Assert.Equal(stream, e.StreamId));
        Assert.Contains("1 to 3", load.Message, StringComparison.Ordinal);
        Assert.Equal([0L], firstPage.Events.Select(e => e.Version));
        Assert.Equal([3L, 4L, 5L], afterTheHole.Events.Select(e => e.Version));
    }

    [Fact]
    public async Task Given_a_first_event_deleted_by_hand_When_loading_Then_the_stream_is_corrupted_not_empty()
    {
        var store = CreateStore();
        var stream = NewStream();
        await store.AppendAsync(stream, ExpectedVersion.NoStream, Commit(3));
        await DeleteEventOutOfBandAsync(stream, 0);

        var error = await Assert.ThrowsAsync<StreamCorruptedException>(() => store.LoadAsync(stream, 1));

        Assert.Equal(stream, error.StreamId);
        await Assert.ThrowsAsync<StreamCorruptedException>(() => ReadAll(store, stream));
    }

    [Fact]
    public async Task Given_a_hole_behind_a_snapshot_that_its_event_backs_When_loading_Then_the_load_works_and_a_full_read_reports_the_hole()
    {
        // A load reads only the snapshot's event and those after it: checking older events would cost what the snapshot saves.
        var store = CreateStore();
        var stream = NewStream();
        await store.AppendAsync(stream, ExpectedVersion.NoStream, Commit(6));
        Assert.True(await store.WriteSnapshotAsync(stream, new Snapshot(3, 1, DateTimeOffset.UnixEpoch, "{}")));
        await DeleteEventOutOfBandAsync(stream, 1);

        var loaded = await store.LoadAsync(stream, 1);

        Assert.Equal(5, loaded.Version);
        Assert.Equal([4L, 5L], loaded.Events.Select(e => e.Version));
        await Assert.ThrowsAsync<StreamCorruptedException>(() => ReadAll(store, stream));
        await Assert.ThrowsAsync<StreamCorruptedException>(() => store.LoadAsync(stream, 2));
    }

    [Fact]
    public async Task Given_a_newer_snapshot_When_writing_an_older_or_equal_one_Then_the_newer_one_stays()
    {
        var store = CreateStore();
        var stream = NewStream();
        await store.AppendAsync(stream, ExpectedVersion.NoStream, Commit(6));
        var newer = new Snapshot(4, 1, DateTimeOffset.UnixEpoch, """{"at":4}""");
        Assert.True(await store.WriteSnapshotAsync(stream, newer));

        var older = await store.WriteSnapshotAsync(stream, new Snapshot(2, 1, DateTimeOffset.UnixEpoch, """{"at":2}"""));
        var same = await store.WriteSnapshotAsync(stream, new Snapshot(4, 1, DateTimeOffset.UnixEpoch, """{"at":"4 again"}"""));

        Assert.False(older);
        Assert.False(same);
        Assert.Equal(newer, (await store.LoadAsync(stream, 1)).Snapshot);
    }

    [Fact]
    public async Task Given_streams_in_a_category_When_listing_in_pages_Then_each_stream_comes_once_with_its_first_event()
    {
        var store = CreateStore();
        var category = NewCategory();
        var streams = Enumerable.Range(0, 5).Select(_ => NewStream(category)).ToList();
        var firsts = new Dictionary<StreamId, Guid>();
        foreach (var stream in streams)
        {
            var first = Event();
            firsts[stream] = first.EventId;
            await store.AppendAsync(stream, ExpectedVersion.NoStream, [first]);
            await store.AppendAsync(stream, ExpectedVersion.Exact(0), [Event()]);
        }

        await store.AppendAsync(NewStream(NewCategory()), ExpectedVersion.NoStream, [Event()]);

        var listed = new List<EventEnvelope>();
        string? token = null;
        do
        {
            var page = await store.ListStreamsAsync(category, 2, token);
            Assert.True(page.FirstEvents.Count <= 2);
            listed.AddRange(page.FirstEvents);
            token = page.ContinuationToken;
        }
        while (token is not null);

        Assert.Equal(streams.Select(s => s.ToString()).Order(StringComparer.Ordinal), listed.Select(e => e.StreamId.ToString()));
        Assert.All(listed, e => Assert.Equal(0, e.Version));
        Assert.All(listed, e => Assert.Equal(firsts[e.StreamId], e.EventId));
    }

    [Fact]
    public async Task Given_an_event_of_a_type_this_build_does_not_know_When_decoding_Then_it_is_a_clear_error_not_a_skip()
    {
        var store = CreateStore();
        var stream = NewStream();
        await store.AppendAsync(stream, ExpectedVersion.NoStream, [Event(type: "character-teleported.v1")]);
        var registry = CharacterEventTypes.CreateRegistry();

        var stored = Assert.Single((await store.LoadAsync(stream, 1)).Events);
        var error = Assert.Throws<UnknownEventTypeException>(() => registry.Decode(stored));

        Assert.Equal("character-teleported.v1", stored.Type);
        Assert.Contains("character-teleported.v1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_16_writers_at_a_barrier_When_they_append_at_the_same_version_Then_exactly_one_wins_every_round()
    {
        var store = CreateStore();
        const int writers = 16;
        for (var round = 0; round < RaceRounds; round++)
        {
            var stream = NewStream();
            await store.AppendAsync(stream, ExpectedVersion.NoStream, [Event()]);
            await store.LoadAsync(stream, 1);
            using var barrier = new Barrier(writers);
            // Dedicated threads: sixteen racers blocked at a barrier would starve a two-core thread pool.
            var racers = Enumerable.Range(0, writers).Select(_ => Task.Factory.StartNew(
                () =>
                {
                    barrier.SignalAndWait();
                    return store.AppendAsync(stream, ExpectedVersion.Exact(0), [Event()]);
                },
                CancellationToken.None,
                TaskCreationOptions.LongRunning,
                TaskScheduler.Default).Unwrap());

            var results = await Task.WhenAll(racers);

            Assert.Single(results.OfType<AppendResult.Appended>());
            Assert.Equal(writers - 1, results.OfType<AppendResult.Conflict>().Count());
            Assert.All(results.OfType<AppendResult.Conflict>(), c => Assert.Equal(1, c.ActualVersion));
            Assert.Equal([0L, 1L], (await ReadAll(store, stream)).Select(e => e.Version));
        }
    }
}
