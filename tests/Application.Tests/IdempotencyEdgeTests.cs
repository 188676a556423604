using System.Text;
using Application.Characters;
using Domain;
using EventSourcing;

namespace Application.Tests;

/// <summary>The edges a review found: events of the previous release, faults after the commit, memory size, drift of request shapes.</summary>
public sealed class IdempotencyEdgeTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 30, 20, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Given_a_keyed_command_written_before_fingerprints_When_retried_after_N_commands_inside_24_hours_Then_it_is_not_applied_twice()
    {
        var clock = new ManualClock(Start);
        var store = new CountingStore();
        using var host = TestHost.Counting(store, o => o.RememberedCommands = 5, clock);
        await host.Send(new CreateCharacter("Tordek", 100, CharacterId: "tordek"));
        var damage = new DealDamage("tordek", 10, DamageType.Slashing, CommandId: Guid.NewGuid());
        store.StripFingerprints = true;
        await host.Send(damage);
        store.StripFingerprints = false;
        clock.Advance(TimeSpan.FromMinutes(10));
        for (var i = 0; i < 6; i++)
        {
            await host.Send(new Heal("tordek", 1));
        }

        clock.Advance(TimeSpan.FromMinutes(10));
        var repeat = await host.Send(damage);

        Assert.Equal(1, repeat.Value.Version);
        Assert.Equal(7, (await host.Send(new GetCharacter("tordek"))).Value.Version);
    }

    [Fact]
    public async Task Given_the_snapshot_write_fails_after_the_append_When_a_command_commits_Then_it_reports_success()
    {
        var store = new CountingStore();
        using var host = TestHost.Counting(store, o => o.SnapshotInterval = 2);
        await host.Send(new CreateCharacter("Tordek", 100, CharacterId: "tordek"));
        store.SnapshotFailure = new OperationCanceledException("the client went away");

        var heal = await host.Send(new Heal("tordek", 1));

        Assert.Equal(1, heal.Value.Version);
        Assert.Equal(1, (await host.Send(new GetCharacter("tordek"))).Value.Version);
    }

    [Fact]
    public async Task Given_an_unreadable_snapshot_When_loading_Then_the_state_is_rebuilt_from_the_events()
    {
        var store = new CountingStore { CorruptSnapshotPayload = """{"state":{},"newest":0,"commands":"!!"}""" };
        using var host = TestHost.Counting(store, o => o.SnapshotInterval = 2);
        await host.Send(new CreateCharacter("Tordek", 100, CharacterId: "tordek"));
        await host.Send(new DealDamage("tordek", 10, DamageType.Slashing));
        await host.Send(new DealDamage("tordek", 5, DamageType.Slashing));

        var view = (await host.Send(new GetCharacter("tordek"))).Value;

        Assert.Equal((2L, 85), (view.Version, view.CurrentHitPoints));
    }

    [Fact]
    public async Task Given_1200_keyed_commands_in_20_hours_When_snapshotted_Then_the_memory_stays_near_its_cap_of_400_plus_N()
    {
        var clock = new ManualClock(Start);
        var store = new CountingStore();
        using var host = TestHost.Counting(store, o => o.SnapshotInterval = 20, clock);
        await host.Send(new CreateCharacter("Tordek", 1000, CharacterId: "tordek"));
        for (var i = 0; i < 1_199; i++)
        {
            clock.Advance(TimeSpan.FromSeconds(60));
            await host.Send(new GrantTemporaryHitPoints("tordek", 1, CommandId: Guid.NewGuid()));
        }

        var snapshot = (await store.LoadAsync(new StreamId("character", "tordek"), CharacterAggregate.StoredSnapshotSchema)).Snapshot!;
        var bytes = Encoding.UTF8.GetByteCount(snapshot.Payload);

        // 100 + 400 remembered commands at about 10 bytes each, plus the state: under 8 KB, 2 read units a load.
        Assert.InRange(bytes, 5_000, 8_000);
    }

    [Fact]
    public void Given_a_request_shape_that_gains_an_optional_member_When_fingerprinted_Then_a_request_at_its_default_keeps_its_fingerprint()
    {
        var before = CommandFingerprint.Of("DealDamage", new { characterId = "tordek", amount = 2 });
        var after = CommandFingerprint.Of("DealDamage", new Later("tordek", 2));
        var other = CommandFingerprint.Of("DealDamage", new Later("tordek", 2, KnockOut: true));

        Assert.Equal(before, after);
        Assert.NotEqual(before, other);
    }

    private sealed record Later(string CharacterId, int Amount, bool KnockOut = false);
}
