using Application.Encounters;
using Application.Events;
using Domain;
using EventSourcing;
using NSubstitute;

namespace Application.Tests;

/// <summary>The multi-stream command path at the port: the store is an NSubstitute <see cref="IEventStore"/>.</summary>
public sealed class MultiStreamCommandTests
{
    private static readonly StreamId Encounter = new("encounter", "ambush");
    private static readonly StreamId Tordek = Envelopes.Stream("tordek");
    private static readonly StreamId Mialee = Envelopes.Stream("mialee");
    private static readonly EventTypeRegistry Registry = EncounterEventTypes.Register(CharacterEventTypes.CreateRegistry());
    private readonly IEventStore _store = Substitute.For<IEventStore>();

    public MultiStreamCommandTests()
    {
        _store.LoadAsync(Encounter, Arg.Any<int>(), Arg.Any<CancellationToken>()).Returns(new LoadedStream(
            Encounter, 0, null, [Envelope(Encounter, 0, new EncounterStarted("Goblin ambush", [new("tordek", "Tordek", CombatantKind.Character), new("mialee", "Mialee", CombatantKind.Character)]))]));
        _store.LoadAsync(Tordek, Arg.Any<int>(), Arg.Any<CancellationToken>()).Returns(Envelopes.Loaded("tordek", (Envelopes.Created(12), Guid.NewGuid())));
        _store.LoadAsync(Mialee, Arg.Any<int>(), Arg.Any<CancellationToken>()).Returns(Envelopes.Loaded("mialee", (Envelopes.Created(8), Guid.NewGuid())));
    }

    private static EventEnvelope Envelope(StreamId stream, long version, object @event, Guid? commandId = null, string? fingerprint = null)
    {
        var id = commandId ?? Guid.NewGuid();
        var data = Registry.Encode(@event, Guid.NewGuid(), DateTimeOffset.UnixEpoch, new EventMetadata(id, id, id, fingerprint));
        return new EventEnvelope(data.EventId, stream, version, data.Type, data.SchemaVersion, data.Timestamp, data.Payload, data.Metadata);
    }

    private static DealAreaDamage Fireball(long? expected = null, Guid? commandId = null) =>
        new("ambush", 10, DamageType.Fire, [new("tordek", false), new("mialee", true)], "fireball", 15, CommandId: commandId, ExpectedVersion: expected);

    /// <summary>The commit names the encounter, Tordek and Mialee, in that order, at these versions.</summary>
    private static bool At(IReadOnlyList<StreamAppend> commit, long encounter, long tordek, long mialee) =>
        commit.Select(p => p.Stream).SequenceEqual([Encounter, Tordek, Mialee])
        && commit.Select(p => p.Expected).SequenceEqual([ExpectedVersion.Exact(encounter), ExpectedVersion.Exact(tordek), ExpectedVersion.Exact(mialee)]);

    [Fact]
    public async Task Given_three_streams_When_a_blow_lands_Then_one_commit_holds_every_streams_events_at_its_loaded_version_with_one_command_id()
    {
        _store.AppendAsync(Arg.Any<IReadOnlyList<StreamAppend>>(), Arg.Any<CancellationToken>())
            .Returns(new MultiAppendResult.Appended([new(Encounter, 1, 1), new(Tordek, 1, 1), new(Mialee, 1, 1)]));
        using var host = TestHost.WithSubstitute(_store);
        var key = Guid.NewGuid();

        var result = await host.Send(Fireball(commandId: key));

        Assert.True(result.IsSuccess, result.Error?.Message);
        await _store.Received(1).AppendAsync(
            Arg.Is<IReadOnlyList<StreamAppend>>(c => At(c, 0, 0, 0)
                && c.SelectMany(p => p.Events).All(e => e.Metadata.CommandId == key && e.Metadata.Fingerprint!.StartsWith("DealAreaDamage", StringComparison.Ordinal))
                && c[0].Events[0].Type == "area-damage-dealt.v1" && c[1].Events[0].Type == "damage-taken.v2"),
            Arg.Any<CancellationToken>());
        await _store.DidNotReceiveWithAnyArgs().AppendAsync(default, default, default!, default);
    }

    [Fact]
    public async Task Given_a_conflict_on_one_target_with_the_winning_event_When_a_blow_lands_Then_it_folds_the_winner_and_retries_reloading_nothing()
    {
        var winner = Envelope(Tordek, 1, new DamageTaken([new DamagePart(3, DamageType.Slashing, 3)], false, "goblin", null, 3, 0, 3));
        _store.AppendAsync(Arg.Is<IReadOnlyList<StreamAppend>>(c => At(c, 0, 0, 0)), Arg.Any<CancellationToken>())
            .Returns(new MultiAppendResult.Conflict([new StreamConflict(Tordek, ExpectedVersion.Exact(0), 1, [winner])]));
        _store.AppendAsync(Arg.Is<IReadOnlyList<StreamAppend>>(c => At(c, 0, 1, 0)), Arg.Any<CancellationToken>())
            .Returns(new MultiAppendResult.Appended([new(Encounter, 1, 1), new(Tordek, 2, 2), new(Mialee, 1, 1)]));
        using var host = TestHost.WithSubstitute(_store, configure: o => o.MaxConflictBackoff = TimeSpan.Zero);

        var result = await host.Send(Fireball());

        Assert.Equal([("tordek", 2L), ("mialee", 1L)], result.Value.Targets.Select(t => (t.CharacterId, t.Version)));
        await _store.Received(1).LoadAsync(Tordek, Arg.Any<int>(), Arg.Any<CancellationToken>());
        await _store.Received(1).LoadAsync(Encounter, Arg.Any<int>(), Arg.Any<CancellationToken>());
        await _store.Received(2).AppendAsync(Arg.Any<IReadOnlyList<StreamAppend>>(), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Given_a_conflict_without_the_winner_When_a_blow_lands_Then_only_the_stream_that_moved_is_reloaded()
    {
        _store.AppendAsync(Arg.Is<IReadOnlyList<StreamAppend>>(c => At(c, 0, 0, 0)), Arg.Any<CancellationToken>())
            .Returns(new MultiAppendResult.Conflict([new StreamConflict(Mialee, ExpectedVersion.Exact(0), 1, [])]));
        _store.AppendAsync(Arg.Is<IReadOnlyList<StreamAppend>>(c => At(c, 0, 0, 1)), Arg.Any<CancellationToken>())
            .Returns(new MultiAppendResult.Appended([new(Encounter, 1, 1), new(Tordek, 1, 1), new(Mialee, 2, 2)]));
        var healed = Envelope(Mialee, 1, new Healed(1, 0, null));
        _store.LoadAsync(Mialee, Arg.Any<int>(), Arg.Any<CancellationToken>()).Returns(
            Envelopes.Loaded("mialee", (Envelopes.Created(8), Guid.NewGuid())),
            new LoadedStream(Mialee, 1, null, [.. Envelopes.Loaded("mialee", (Envelopes.Created(8), Guid.NewGuid())).Events, healed]));
        using var host = TestHost.WithSubstitute(_store, configure: o => o.MaxConflictBackoff = TimeSpan.Zero);

        var result = await host.Send(Fireball());

        Assert.True(result.IsSuccess, result.Error?.Message);
        await _store.Received(2).LoadAsync(Mialee, Arg.Any<int>(), Arg.Any<CancellationToken>());
        await _store.Received(1).LoadAsync(Tordek, Arg.Any<int>(), Arg.Any<CancellationToken>());
        await _store.Received(1).LoadAsync(Encounter, Arg.Any<int>(), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Given_a_pinned_encounter_When_the_commit_conflicts_on_it_Then_a_conflict_names_the_encounter_and_nothing_is_retried()
    {
        _store.AppendAsync(Arg.Any<IReadOnlyList<StreamAppend>>(), Arg.Any<CancellationToken>())
            .Returns(new MultiAppendResult.Conflict([new StreamConflict(Encounter, ExpectedVersion.Exact(0), 1, [])]));
        using var host = TestHost.WithSubstitute(_store);

        var result = await host.Send(Fireball(expected: 0));

        var conflict = Assert.IsType<ConflictError>(result.Error);
        Assert.Equal((0L, 1L, Encounter), (conflict.ExpectedVersion, conflict.ActualVersion, conflict.Stream!.Value));
        Assert.Contains("encounter-ambush", conflict.Message, StringComparison.Ordinal);
        await _store.Received(1).AppendAsync(Arg.Any<IReadOnlyList<StreamAppend>>(), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Given_conflicts_every_time_When_a_blow_lands_Then_it_gives_up_after_the_cores_attempts_naming_the_stream()
    {
        _store.AppendAsync(Arg.Any<IReadOnlyList<StreamAppend>>(), Arg.Any<CancellationToken>())
            .Returns(ci => new MultiAppendResult.Conflict([new StreamConflict(Tordek, ci.Arg<IReadOnlyList<StreamAppend>>()[1].Expected, 5, [])]));
        using var host = TestHost.WithSubstitute(_store, configure: o => (o.MaxCommandAttempts, o.MaxConflictBackoff) = (3, TimeSpan.Zero));

        var result = await host.Send(Fireball());

        Assert.Equal(Tordek, Assert.IsType<ConflictError>(result.Error).Stream);
        await _store.Received(3).AppendAsync(Arg.Any<IReadOnlyList<StreamAppend>>(), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Given_the_store_already_holds_the_commit_When_the_same_key_comes_with_another_request_Then_the_key_is_refused()
    {
        var key = Guid.NewGuid();
        _store.AppendAsync(Arg.Any<IReadOnlyList<StreamAppend>>(), Arg.Any<CancellationToken>())
            .Returns(new MultiAppendResult.AlreadyApplied([new(Encounter, 1, 1), new(Tordek, 1, 1), new(Mialee, 1, 1)]));
        _store.ReadAsync(Encounter, 1, 1, Arg.Any<string?>(), Arg.Any<CancellationToken>()).Returns(new EventPage(
            [Envelope(Encounter, 1, new EncounterEnded(0), key, CommandFingerprint.Of("EndEncounter", new EndEncounter("ambush")))], null));
        using var host = TestHost.WithSubstitute(_store);

        var result = await host.Send(Fireball(commandId: key));

        Assert.Equal("EndEncounter", Assert.IsType<IdempotencyKeyReusedError>(result.Error).OriginalCommand);
    }
}
