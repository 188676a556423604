using EventSourcing;

namespace EventStore.Contract;

/// <summary>The atomic commit to several streams, each at its own expected version.</summary>
public abstract partial class EventStoreContract
{
    /// <summary>How many barrier rounds the 16-racer multi-stream race runs.</summary>
    protected virtual int MultiStreamRaceRounds => 10;

    protected static StreamAppend Part(StreamId stream, ExpectedVersion expected, Guid commandId, int count = 1) =>
        new(stream, expected, Commit(count, commandId));

    [Fact]
    public async Task Given_existing_and_new_streams_When_committing_to_them_together_Then_each_gets_consecutive_versions()
    {
        var store = CreateStore();
        var (one, two, fresh) = (NewStream(), NewStream(), NewStream());
        await store.AppendAsync(one, ExpectedVersion.NoStream, [Event()]);
        await store.AppendAsync(two, ExpectedVersion.NoStream, Commit(3));
        var commandId = Guid.NewGuid();

        var result = await store.AppendAsync(
            [Part(one, ExpectedVersion.Exact(0), commandId, 2), Part(two, ExpectedVersion.Exact(2), commandId), Part(fresh, ExpectedVersion.NoStream, commandId, 3)]);

        var appended = Assert.IsType<MultiAppendResult.Appended>(result);
        Assert.Equal([new StreamVersions(one, 1, 2), new StreamVersions(two, 3, 3), new StreamVersions(fresh, 0, 2)], appended.Streams);
        Assert.Equal([0L, 1L, 2L], (await ReadAll(store, one)).Select(e => e.Version));
        Assert.Equal([0L, 1L, 2L, 3L], (await ReadAll(store, two)).Select(e => e.Version));
        var created = await ReadAll(store, fresh);
        Assert.Equal([0L, 1L, 2L], created.Select(e => e.Version));
        Assert.All(created, e => Assert.Equal(commandId, e.Metadata.CommandId));
    }

    [Fact]
    public async Task Given_new_streams_When_two_commits_create_them_at_no_stream_Then_the_first_wins_and_the_second_conflicts_on_each()
    {
        var store = CreateStore();
        var (one, two) = (NewStream(), NewStream());
        var first = new[] { Part(one, ExpectedVersion.NoStream, Guid.NewGuid()), Part(two, ExpectedVersion.NoStream, Guid.NewGuid()) };
        first[1] = first[1] with { Events = Commit(2, first[0].Events[0].Metadata.CommandId) };
        var secondId = Guid.NewGuid();

        var created = await store.AppendAsync(first);
        var again = await store.AppendAsync([Part(one, ExpectedVersion.NoStream, secondId), Part(two, ExpectedVersion.NoStream, secondId)]);

        Assert.Equal(
            [new StreamVersions(one, 0, 0), new StreamVersions(two, 0, 1)],
            Assert.IsType<MultiAppendResult.Appended>(created).Streams);
        var conflict = Assert.IsType<MultiAppendResult.Conflict>(again);
        Assert.Equal([(one, 0L), (two, 1L)], conflict.Streams.Select(c => (c.Stream, c.ActualVersion)));
        Assert.All(conflict.Streams, c => Assert.Equal(ExpectedVersion.NoStream, c.Expected));
        Assert.Equal(first[0].Events[0].EventId, Assert.Single(conflict.Streams[0].CommittedEvents).EventId);
        Assert.Single(await ReadAll(store, one));
        Assert.Equal(2, (await ReadAll(store, two)).Count);
    }

    [Fact]
    public async Task Given_one_stream_moved_on_When_committing_to_three_Then_only_it_is_named_and_no_stream_is_written()
    {
        var store = CreateStore();
        var streams = new[] { NewStream(), NewStream(), NewStream() };
        foreach (var stream in streams)
        {
            await store.AppendAsync(stream, ExpectedVersion.NoStream, [Event()]);
        }

        var winner = Event();
        await store.AppendAsync(streams[1], ExpectedVersion.Exact(0), [winner]);
        var commandId = Guid.NewGuid();

        var result = await store.AppendAsync(streams.Select(s => Part(s, ExpectedVersion.Exact(0), commandId, 2)).ToList());

        var conflict = Assert.Single(Assert.IsType<MultiAppendResult.Conflict>(result).Streams);
        Assert.Equal(streams[1], conflict.Stream);
        Assert.Equal(ExpectedVersion.Exact(0), conflict.Expected);
        Assert.Equal(1, conflict.ActualVersion);
        Assert.Equal(winner.EventId, Assert.Single(conflict.CommittedEvents).EventId);
        Assert.Single(await ReadAll(store, streams[0]));
        Assert.Equal(2, (await ReadAll(store, streams[1])).Count);
        Assert.Single(await ReadAll(store, streams[2]));
        foreach (var stream in streams)
        {
            Assert.DoesNotContain(await ReadAll(store, stream), e => e.Metadata.CommandId == commandId);
        }
    }

    [Fact]
    public async Task Given_several_streams_off_their_versions_When_committing_Then_the_conflict_names_each_with_its_actual_version()
    {
        var store = CreateStore();
        var (movedOn, created, behind, fine) = (NewStream(), NewStream(), NewStream(), NewStream());
        await store.AppendAsync(movedOn, ExpectedVersion.NoStream, [Event()]);
        var winners = Commit(2);
        await store.AppendAsync(movedOn, ExpectedVersion.Exact(0), winners);
        var creator = Event();
        await store.AppendAsync(created, ExpectedVersion.NoStream, [creator]);
        await store.AppendAsync(behind, ExpectedVersion.NoStream, Commit(2));
        await store.AppendAsync(fine, ExpectedVersion.NoStream, [Event()]);
        var commandId = Guid.NewGuid();

        var result = await store.AppendAsync(
        [
            Part(movedOn, ExpectedVersion.Exact(0), commandId),
            Part(fine, ExpectedVersion.Exact(0), commandId),
            Part(created, ExpectedVersion.NoStream, commandId),
            Part(behind, ExpectedVersion.Exact(5), commandId),
        ]);

        var conflicts = Assert.IsType<MultiAppendResult.Conflict>(result).Streams;
        Assert.Equal(
            [(movedOn, ExpectedVersion.Exact(0), 2L), (created, ExpectedVersion.NoStream, 0L), (behind, ExpectedVersion.Exact(5), 1L)],
            conflicts.Select(c => (c.Stream, c.Expected, c.ActualVersion)));
        Assert.Equal(winners[0].EventId, conflicts[0].CommittedEvents[0].EventId);
        Assert.Equal(1, conflicts[0].CommittedEvents[0].Version);
        Assert.Equal(creator.EventId, Assert.Single(conflicts[1].CommittedEvents).EventId);
        Assert.Empty(conflicts[2].CommittedEvents);
        Assert.Equal(3, (await ReadAll(store, movedOn)).Count);
        Assert.Single(await ReadAll(store, created));
        Assert.Equal([0L, 1L], (await ReadAll(store, behind)).Select(e => e.Version));
        Assert.Single(await ReadAll(store, fine));
    }

    [Fact]
    public async Task Given_a_written_commit_When_it_is_sent_again_or_redecided_at_the_same_versions_Then_it_is_already_applied_and_nothing_is_doubled()
    {
        var store = CreateStore();
        var (existing, fresh) = (NewStream(), NewStream());
        await store.AppendAsync(existing, ExpectedVersion.NoStream, [Event()]);
        var commandId = Guid.NewGuid();
        IReadOnlyList<StreamAppend> Decide() => [Part(existing, ExpectedVersion.Exact(0), commandId, 2), Part(fresh, ExpectedVersion.NoStream, commandId)];
        var commit = Decide();

        var first = await store.AppendAsync(commit);
        var sameRequest = await store.AppendAsync(commit);
        var redecided = await store.AppendAsync(Decide());

        IReadOnlyList<StreamVersions> versions = [new(existing, 1, 2), new(fresh, 0, 0)];
        Assert.Equal(versions, Assert.IsType<MultiAppendResult.Appended>(first).Streams);
        // The identical request may be answered as the original was: DynamoDB replays a transaction's result for the
        // same ClientRequestToken (derived from the commit) for 10 minutes. Either way it is the one write, not two.
        Assert.Equal(versions, sameRequest switch
        {
            MultiAppendResult.AlreadyApplied done => done.Streams,
            MultiAppendResult.Appended replayed => replayed.Streams,
            _ => throw new Xunit.Sdk.XunitException($"The retry was {sameRequest}."),
        });
        Assert.Equal(versions, Assert.IsType<MultiAppendResult.AlreadyApplied>(redecided).Streams);
        Assert.Equal(commit[0].Events.Select(e => e.EventId), (await ReadAll(store, existing)).Skip(1).Select(e => e.EventId));
        Assert.Equal(commit[1].Events.Select(e => e.EventId), (await ReadAll(store, fresh)).Select(e => e.EventId));
    }

    [Fact]
    public async Task Given_a_commit_of_101_events_over_several_streams_When_committing_Then_it_is_refused_and_nothing_is_written()
    {
        var store = CreateStore();
        var streams = new[] { NewStream(), NewStream(), NewStream() };
        var commandId = Guid.NewGuid();

        var full = await store.AppendAsync(
            [Part(streams[0], ExpectedVersion.NoStream, commandId, 40), Part(streams[1], ExpectedVersion.NoStream, commandId, 60)]);
        var error = await Assert.ThrowsAsync<CommitTooLargeException>(() => store.AppendAsync(
            [Part(streams[0], ExpectedVersion.Exact(39), Guid.Empty, 40), Part(streams[1], ExpectedVersion.Exact(59), Guid.Empty, 40), Part(streams[2], ExpectedVersion.NoStream, Guid.Empty, 21)]));

        Assert.IsType<MultiAppendResult.Appended>(full);
        Assert.Contains("101", error.Message, StringComparison.Ordinal);
        Assert.Equal(40, (await ReadAll(store, streams[0])).Count);
        Assert.Equal(60, (await ReadAll(store, streams[1])).Count);
        Assert.Empty(await ReadAll(store, streams[2]));
    }

    [Fact]
    public async Task Given_a_commit_over_the_size_limits_When_committing_Then_it_is_refused_and_nothing_is_written()
    {
        var store = CreateStore();
        var streams = new[] { NewStream(), NewStream(), NewStream() };
        var commandId = Guid.NewGuid();
        var big = new string('x', 390 * 1024);
        StreamAppend Sized(StreamId stream, int count, string payload) =>
            new(stream, ExpectedVersion.NoStream, Enumerable.Range(0, count).Select(i => Event(commandId, payload: $$"""{"p":"{{payload}}"}""", index: i)).ToList());

        var overFourMegabytes = await Assert.ThrowsAsync<CommitTooLargeException>(
            () => store.AppendAsync([Sized(streams[0], 4, big), Sized(streams[1], 4, big), Sized(streams[2], 3, big)]));
        var overOneItem = await Assert.ThrowsAsync<CommitTooLargeException>(
            () => store.AppendAsync([Sized(streams[0], 1, "small"), Sized(streams[1], 1, new string('y', 401 * 1024))]));

        Assert.Contains("4 MB", overFourMegabytes.Message, StringComparison.Ordinal);
        Assert.Contains("400 KB", overOneItem.Message, StringComparison.Ordinal);
        foreach (var stream in streams)
        {
            Assert.Empty(await ReadAll(store, stream));
        }
    }

    [Fact]
    public async Task Given_a_malformed_multi_stream_commit_When_committing_Then_it_is_refused_as_an_argument_error()
    {
        var store = CreateStore();
        var (one, two) = (NewStream(), NewStream());
        var commandId = Guid.NewGuid();

        var twice = await Assert.ThrowsAsync<ArgumentException>(
            () => store.AppendAsync([Part(one, ExpectedVersion.NoStream, commandId), Part(two, ExpectedVersion.NoStream, commandId), Part(one, ExpectedVersion.Exact(0), commandId)]));
        await Assert.ThrowsAsync<ArgumentException>(() => store.AppendAsync(Array.Empty<StreamAppend>()));
        await Assert.ThrowsAsync<ArgumentException>(() => store.AppendAsync([Part(one, ExpectedVersion.NoStream, commandId), new StreamAppend(two, ExpectedVersion.NoStream, [])]));
        await Assert.ThrowsAsync<ArgumentException>(() => store.AppendAsync([Part(one, ExpectedVersion.NoStream, commandId), Part(two, ExpectedVersion.NoStream, Guid.NewGuid())]));

        Assert.Contains(one.ToString(), twice.Message, StringComparison.Ordinal);
        Assert.Empty(await ReadAll(store, one));
        Assert.Empty(await ReadAll(store, two));
    }

    [Fact]
    public async Task Given_16_racers_at_a_barrier_When_they_commit_to_overlapping_streams_Then_each_commit_is_whole_or_absent_and_every_stream_is_contiguous()
    {
        var store = CreateStore();
        const int racers = 16;
        const int streamCount = 5;
        for (var round = 0; round < MultiStreamRaceRounds; round++)
        {
            var streams = Enumerable.Range(0, streamCount).Select(_ => NewStream()).ToList();

            // Racer i writes one event to each of two or three neighbouring streams, so every stream is shared.
            var plans = Enumerable.Range(0, racers)
                .Select(i => (CommandId: Guid.NewGuid(), Streams: Enumerable.Range(i, 2 + (i % 2)).Select(s => streams[s % streamCount]).ToList()))
                .ToList();
            using var barrier = new Barrier(racers);
            var tasks = plans.Select(plan => Task.Factory.StartNew(
                async () =>
                {
                    barrier.SignalAndWait();
                    for (var attempt = 0; attempt < 500; attempt++)
                    {
                        var heads = new List<long>();
                        foreach (var stream in plan.Streams)
                        {
                            heads.Add((await store.LoadAsync(stream, 1)).Version);
                        }

                        var result = await store.AppendAsync(plan.Streams
                            .Select((s, k) => new StreamAppend(s, ExpectedVersion.Exact(heads[k]), [Event(plan.CommandId, index: attempt)]))
                            .ToList());
                        if (result is not MultiAppendResult.Conflict)
                        {
                            return result;
                        }
                    }

                    return null;
                },
                CancellationToken.None,
                TaskCreationOptions.LongRunning,
                TaskScheduler.Default).Unwrap());

            var results = await Task.WhenAll(tasks);

            var written = new Dictionary<StreamId, List<EventEnvelope>>();
            foreach (var stream in streams)
            {
                written[stream] = await ReadAll(store, stream);
                Assert.Equal(Enumerable.Range(0, written[stream].Count).Select(v => (long)v), written[stream].Select(e => e.Version));
            }

            for (var i = 0; i < racers; i++)
            {
                var applied = results[i] is MultiAppendResult.Appended;
                Assert.True(applied || results[i] is null, $"Racer {i} ended with {results[i]}.");
                foreach (var stream in streams)
                {
                    var expected = applied && plans[i].Streams.Contains(stream) ? 1 : 0;
                    Assert.Equal(expected, written[stream].Count(e => e.Metadata.CommandId == plans[i].CommandId));
                }
            }

            foreach (var stream in streams)
            {
                var commitsTouchingIt = Enumerable.Range(0, racers).Count(i => results[i] is MultiAppendResult.Appended && plans[i].Streams.Contains(stream));
                Assert.Equal(commitsTouchingIt, written[stream].Count);
            }

            Assert.All(results, r => Assert.IsType<MultiAppendResult.Appended>(r));
        }
    }
}
