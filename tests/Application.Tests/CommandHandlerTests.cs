using Application.Characters;
using Application.Common;
using EventSourcing;
using Domain;
using NSubstitute;
using NSubstitute.ExceptionExtensions;

namespace Application.Tests;

/// <summary>The command handlers at the port: the store is an NSubstitute <see cref="IEventStore"/>.</summary>
public sealed class CommandHandlerTests
{
    private const string Id = "tordek";
    private readonly IEventStore _store = Substitute.For<IEventStore>();

    private void GivenStream(params (CharacterEvent Event, Guid CommandId)[] events) =>
        _store.LoadAsync(Envelopes.Stream(Id), Arg.Any<int>(), Arg.Any<CancellationToken>()).Returns(Envelopes.Loaded(Id, events));

    private static (CharacterEvent, Guid) By(CharacterEvent e) => (e, Guid.NewGuid());

    [Fact]
    public async Task Given_a_character_at_version_1_When_damage_is_dealt_Then_the_store_is_asked_to_append_at_version_1()
    {
        GivenStream(By(Envelopes.Created()), By(new TemporaryHitPointsGranted(2)));
        _store.AppendAsync(default, default, default!, default).ReturnsForAnyArgs(new AppendResult.Appended(2, 2));
        using var host = TestHost.WithSubstitute(_store);

        var result = await host.Send(new DealDamage(Id, 2, DamageType.Slashing, "goblin"));

        Assert.Equal(new CommandResult(Id, 2), result.Value);
        await _store.Received(1).AppendAsync(
            Envelopes.Stream(Id),
            ExpectedVersion.Exact(1),
            Arg.Is<IReadOnlyList<EventData>>(e => e.Count == 1 && e[0].Type == "damage-taken.v2"),
            Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Given_no_character_When_created_Then_the_store_is_asked_to_append_at_no_stream()
    {
        _store.LoadAsync(default, default, default).ReturnsForAnyArgs(
            ci => new LoadedStream(ci.Arg<StreamId>(), ExpectedVersion.NoStreamVersion, null, []));
        _store.AppendAsync(default, default, default!, default).ReturnsForAnyArgs(new AppendResult.Appended(0, 0));
        using var host = TestHost.WithSubstitute(_store);

        var result = await host.Send(new CreateCharacter("Tordek", 8, CharacterId: Id));

        Assert.True(result.IsSuccess);
        await _store.Received(1).AppendAsync(Envelopes.Stream(Id), ExpectedVersion.NoStream, Arg.Any<IReadOnlyList<EventData>>(), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Given_a_conflict_with_the_winning_event_When_damage_is_dealt_Then_it_folds_the_winner_and_retries_without_reloading()
    {
        GivenStream(By(Envelopes.Created()));
        var winner = Envelopes.Of(Id, By(Envelopes.Created()), By(new DamageTaken([new DamagePart(3, DamageType.Fire, 3)], false, null, null, 3, 0, 3)))[1];
        _store.AppendAsync(Envelopes.Stream(Id), ExpectedVersion.Exact(0), Arg.Any<IReadOnlyList<EventData>>(), Arg.Any<CancellationToken>())
            .Returns(new AppendResult.Conflict(ExpectedVersion.Exact(0), 1, [winner]));
        _store.AppendAsync(Envelopes.Stream(Id), ExpectedVersion.Exact(1), Arg.Any<IReadOnlyList<EventData>>(), Arg.Any<CancellationToken>())
            .Returns(new AppendResult.Appended(2, 2));
        using var host = TestHost.WithSubstitute(_store);

        var result = await host.Send(new DealDamage(Id, 2, DamageType.Slashing));

        Assert.Equal(2, result.Value.Version);
        await _store.Received(1).LoadAsync(Arg.Any<StreamId>(), Arg.Any<int>(), Arg.Any<CancellationToken>());
        await _store.Received(2).AppendAsync(Arg.Any<StreamId>(), Arg.Any<ExpectedVersion>(), Arg.Any<IReadOnlyList<EventData>>(), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Given_a_conflict_without_the_winning_events_When_damage_is_dealt_Then_it_reloads_and_retries_at_the_new_version()
    {
        var commandIds = new[] { Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid() };
        _store.LoadAsync(default, default, default).ReturnsForAnyArgs(
            Envelopes.Loaded(Id, (Envelopes.Created(), commandIds[0])),
            Envelopes.Loaded(Id, (Envelopes.Created(), commandIds[0]), (new Healed(1, 0), commandIds[1]), (new Healed(1, 0), commandIds[2])));
        _store.AppendAsync(Envelopes.Stream(Id), ExpectedVersion.Exact(0), Arg.Any<IReadOnlyList<EventData>>(), Arg.Any<CancellationToken>())
            .Returns(new AppendResult.Conflict(ExpectedVersion.Exact(0), 1, []));
        _store.AppendAsync(Envelopes.Stream(Id), ExpectedVersion.Exact(2), Arg.Any<IReadOnlyList<EventData>>(), Arg.Any<CancellationToken>())
            .Returns(new AppendResult.Appended(3, 3));
        using var host = TestHost.WithSubstitute(_store);

        var result = await host.Send(new Heal(Id, 2));

        Assert.Equal(3, result.Value.Version);
        await _store.Received(2).LoadAsync(Arg.Any<StreamId>(), Arg.Any<int>(), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Given_conflicts_on_every_attempt_When_damage_is_dealt_Then_it_gives_up_after_the_configured_attempts_with_the_current_version()
    {
        GivenStream(By(Envelopes.Created()));
        _store.AppendAsync(default, default, default!, default).ReturnsForAnyArgs(new AppendResult.Conflict(ExpectedVersion.Exact(0), 5, []));
        using var host = TestHost.WithSubstitute(_store, configure: o => (o.MaxCommandAttempts, o.MaxConflictBackoff) = (3, TimeSpan.Zero));

        var result = await host.Send(new DealDamage(Id, 2, DamageType.Slashing));

        // The store's conflict named version 5, but the error reports what a fresh load found: version 0 here.
        Assert.Equal(new ConflictError(0, 0), result.Error);
        await _store.Received(3).AppendAsync(Arg.Any<StreamId>(), Arg.Any<ExpectedVersion>(), Arg.Any<IReadOnlyList<EventData>>(), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Given_a_pinned_version_and_a_conflict_When_damage_is_dealt_Then_the_current_version_is_reported_and_nothing_is_retried()
    {
        var created = By(Envelopes.Created());
        _store.LoadAsync(default, default, default).ReturnsForAnyArgs(
            Envelopes.Loaded(Id, created),
            Envelopes.Loaded(Id, created, By(new Healed(1, 0)), By(new Healed(1, 0)), By(new Healed(1, 0))));
        _store.AppendAsync(default, default, default!, default).ReturnsForAnyArgs(new AppendResult.Conflict(ExpectedVersion.Exact(0), 1, []));
        using var host = TestHost.WithSubstitute(_store);

        var result = await host.Send(new DealDamage(Id, 2, DamageType.Slashing, ExpectedVersion: 0));

        // Two more commits landed behind the winner: the error carries the version a fresh read found, 3.
        Assert.Equal(new ConflictError(0, 3), result.Error);
        await _store.Received(1).AppendAsync(Arg.Any<StreamId>(), Arg.Any<ExpectedVersion>(), Arg.Any<IReadOnlyList<EventData>>(), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Given_a_pinned_version_that_is_not_the_loaded_one_When_damage_is_dealt_Then_it_is_a_conflict_and_the_store_is_not_written()
    {
        GivenStream(By(Envelopes.Created()), By(new Healed(1, 0)));
        using var host = TestHost.WithSubstitute(_store);

        var result = await host.Send(new DealDamage(Id, 2, DamageType.Slashing, ExpectedVersion: 0));

        Assert.Equal(new ConflictError(0, 1), result.Error);
        await _store.DidNotReceiveWithAnyArgs().AppendAsync(default, default, default!, default);
    }

    [Fact]
    public async Task Given_an_invalid_request_When_sent_Then_the_store_is_never_called()
    {
        using var host = TestHost.WithSubstitute(_store);

        var result = await host.Send(new DealDamage("bad id!", 0, (DamageType)99, Note: new string('x', 501)));

        var error = Assert.IsType<ValidationError>(result.Error);
        Assert.Equal(["characterId", "parts[0].amount", "parts[0].damageType", "note"], error.Fields.Select(f => f.Field).Distinct());
        Assert.Empty(_store.ReceivedCalls());
    }

    [Fact]
    public async Task Given_the_command_id_is_already_in_the_stream_When_the_command_is_repeated_Then_nothing_is_appended_and_the_original_outcome_returns()
    {
        var commandId = Guid.NewGuid();
        GivenStream(By(Envelopes.Created()), (new DamageTaken([new DamagePart(2, DamageType.Slashing, 2)], false, "goblin", null, 2, 0, 2), commandId), By(new Healed(1, 1)));
        using var host = TestHost.WithSubstitute(_store);

        var result = await host.Send(new DealDamage(Id, 2, DamageType.Slashing, "goblin", CommandId: commandId));

        Assert.Equal(new CommandResult(Id, 1), result.Value);
        await _store.DidNotReceiveWithAnyArgs().AppendAsync(default, default, default!, default);
    }

    [Fact]
    public async Task Given_the_store_reports_the_commit_already_applied_When_damage_is_dealt_Then_it_succeeds_with_the_original_version()
    {
        GivenStream(By(Envelopes.Created()));
        _store.AppendAsync(default, default, default!, default).ReturnsForAnyArgs(new AppendResult.AlreadyApplied(1, 1));
        using var host = TestHost.WithSubstitute(_store);

        var result = await host.Send(new DealDamage(Id, 2, DamageType.Slashing));

        Assert.Equal(new CommandResult(Id, 1), result.Value);
    }

    [Theory]
    [InlineData(2, true)]
    [InlineData(3, false)]
    public async Task Given_the_store_hands_back_the_applied_commit_When_a_keyed_command_races_Then_its_fingerprint_decides_with_no_extra_read(int firstAmount, bool same)
    {
        GivenStream(By(Envelopes.Created()));
        var key = Guid.NewGuid();
        var first = new DealDamage(Id, firstAmount, DamageType.Slashing, CommandId: key);
        var winner = Envelopes.Of(Id, (new TemporaryHitPointsGranted(1), key))[0] with
        {
            Version = 1,
            Metadata = new EventMetadata(key, key, key, CommandFingerprint.Of(nameof(DealDamage), first)),
        };
        _store.AppendAsync(default, default, default!, default).ReturnsForAnyArgs(new AppendResult.AlreadyApplied(1, 1, winner));
        using var host = TestHost.WithSubstitute(_store);

        var result = await host.Send(new DealDamage(Id, 2, DamageType.Slashing, CommandId: key));

        Assert.Equal(same, result.IsSuccess);
        Assert.Equal(same ? null : typeof(IdempotencyKeyReusedError), result.Error?.GetType());
        await _store.DidNotReceiveWithAnyArgs().ReadAsync(default, default, default, default, default);
    }

    [Fact]
    public async Task Given_no_character_When_damage_is_dealt_Then_it_is_not_found_and_nothing_is_written()
    {
        _store.LoadAsync(default, default, default).ReturnsForAnyArgs(ci => new LoadedStream(ci.Arg<StreamId>(), -1, null, []));
        using var host = TestHost.WithSubstitute(_store);

        var result = await host.Send(new DealDamage(Id, 2, DamageType.Slashing));

        Assert.Equal(new NotFoundError("character", Id), result.Error);
        await _store.DidNotReceiveWithAnyArgs().AppendAsync(default, default, default!, default);
    }

    [Fact]
    public async Task Given_a_dead_character_When_healed_Then_a_rule_is_broken_and_nothing_is_written()
    {
        GivenStream(By(Envelopes.Created()), By(new DamageTaken([new DamagePart(16, DamageType.Fire, 16)], false, null, null, 16, 0, 8)), By(new CharacterDied(DeathCause.MassiveDamage)));
        using var host = TestHost.WithSubstitute(_store);

        var result = await host.Send(new Heal(Id, 5));

        Assert.Equal("character.dead", Assert.IsType<RuleBrokenError>(result.Error).Rule);
        await _store.DidNotReceiveWithAnyArgs().AppendAsync(default, default, default!, default);
    }

    [Fact]
    public async Task Given_the_store_is_down_When_a_command_is_sent_Then_the_fault_is_an_exception_not_a_result()
    {
        _store.LoadAsync(default, default, default).ThrowsAsyncForAnyArgs(new EventStoreUnavailableException("down"));
        using var host = TestHost.WithSubstitute(_store);

        await Assert.ThrowsAsync<EventStoreUnavailableException>(() => host.Send(new Heal(Id, 5)));
    }

    [Fact]
    public async Task Given_a_commit_that_crosses_the_snapshot_interval_When_snapshots_are_on_the_command_path_Then_the_handler_writes_one()
    {
        GivenStream(By(Envelopes.Created()), By(new Healed(1, 0)));
        _store.AppendAsync(default, default, default!, default).ReturnsForAnyArgs(new AppendResult.Appended(2, 2));
        _store.WriteSnapshotAsync(default, default!, default).ReturnsForAnyArgs(true);
        using var host = TestHost.WithSubstitute(_store, configure: o => o.SnapshotInterval = 3);

        await host.Send(new Heal(Id, 1));

        await _store.Received(1).WriteSnapshotAsync(Envelopes.Stream(Id), Arg.Is<Snapshot>(s => s.Version == 2 && s.SchemaVersion == CharacterAggregate.StoredSnapshotSchema), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Given_a_commit_that_crosses_the_snapshot_interval_When_the_worker_snapshots_Then_the_handler_only_flags_the_stream()
    {
        GivenStream(By(Envelopes.Created()), By(new Healed(1, 0)));
        _store.AppendAsync(default, default, default!, default).ReturnsForAnyArgs(new AppendResult.Appended(2, 2));
        var schedule = Substitute.For<ISnapshotSchedule>();
        using var host = TestHost.WithSubstitute(_store, schedule, o => (o.SnapshotInterval, o.SnapshotOnCommandPath) = (3, false));

        await host.Send(new Heal(Id, 1));

        await schedule.Received(1).FlagAsync(Envelopes.Stream(Id), 2, Arg.Any<CancellationToken>());
        await _store.DidNotReceiveWithAnyArgs().WriteSnapshotAsync(default, default!, default);
    }

    [Fact]
    public async Task Given_a_commit_that_does_not_cross_the_interval_When_handled_Then_no_snapshot_is_written()
    {
        GivenStream(By(Envelopes.Created()));
        _store.AppendAsync(default, default, default!, default).ReturnsForAnyArgs(new AppendResult.Appended(1, 1));
        using var host = TestHost.WithSubstitute(_store, configure: o => o.SnapshotInterval = 3);

        await host.Send(new Heal(Id, 1));

        await _store.DidNotReceiveWithAnyArgs().WriteSnapshotAsync(default, default!, default);
    }
}
