using System.Text;
using Application.Characters;
using Domain;
using EventSourcing;

namespace Application.Tests;

public sealed class AggregateSnapshotsTests
{
    private static readonly SnapshotCodec<CharacterHitPoints> Codec = CharacterAggregate.Definition.Snapshots;

    [Fact]
    public void Given_a_state_and_100_commands_When_written_Then_they_round_trip_and_stay_under_one_read_unit()
    {
        var state = CharacterHitPoints.Replay([new CharacterCreated("Tordek the Unyielding", 1000, [DamageType.Fire], [DamageType.Cold], [DamageType.Poison])]);
        const long version = 123_456;
        var start = new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);
        var commands = Enumerable.Range(0, 100)
            .Select(i => RememberedCommand.Of(
                Guid.NewGuid(), version - 100 + i - (i % 7 == 0 ? 2 : 0), version - 100 + i, start.AddMinutes(i * 37), i % 2 == 0 ? "DealDamage:abc" : null))
            .ToList();
        var forgotten = start.AddHours(-1);

        var payload = AggregateSnapshots.Write(Codec, version, state, commands, forgotten);
        var (back, remembered, forgottenBack) = AggregateSnapshots.Read(Codec, version, payload);

        // A snapshot keeps the hash of each id, its versions, its time and whether the caller chose it; not the full id.
        Assert.Equal(
            commands.Select(c => (c.IdHash, c.FirstVersion, c.LastVersion, c.Timestamp, c.Keyed)),
            remembered.Select(c => (c.IdHash, c.FirstVersion, c.LastVersion, c.Timestamp, c.Keyed)));
        Assert.All(remembered, c => Assert.Null(c.CommandId));
        Assert.Equal(forgotten, forgottenBack);
        Assert.All(commands, c => Assert.Single(remembered, r => r.MayBe(c.CommandId!.Value) && r.LastVersion == c.LastVersion));
        Assert.Equal((state.Name, state.MaximumHitPoints, state.CurrentHitPoints), (back.Name, back.MaximumHitPoints, back.CurrentHitPoints));
        Assert.Equal(state.Resistances, back.Resistances);
        Assert.True(Encoding.UTF8.GetByteCount(payload) < 2_000, $"The snapshot payload is {Encoding.UTF8.GetByteCount(payload)} bytes.");
    }

    [Fact]
    public void Given_command_times_with_fractions_of_a_second_When_written_Then_no_command_looks_older_than_it_is()
    {
        // The idempotency window relies on this: a remembered command must never look older than it is.
        var time = new DateTimeOffset(2026, 11, 30, 12, 0, 0, 400, TimeSpan.Zero);
        var commands = new[] { RememberedCommand.Of(Guid.NewGuid(), 0, 0, time, null), RememberedCommand.Of(Guid.NewGuid(), 1, 1, time.AddSeconds(1.3), null) };

        var (_, remembered, _) = AggregateSnapshots.Read(Codec, 1, AggregateSnapshots.Write(Codec, 1, CharacterHitPoints.Initial, commands));

        Assert.All(remembered.Zip(commands), pair => Assert.InRange(pair.First.Timestamp - pair.Second.Timestamp, TimeSpan.Zero, TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public void Given_a_payload_with_a_broken_command_list_When_read_Then_it_is_a_format_error_not_a_wrong_state()
    {
        Assert.Throws<FormatException>(() => AggregateSnapshots.Read(Codec, 5, """{"state":{"exists":true},"newest":0,"commands":"abcdef.1.2.3.7"}"""));
    }

    [Fact]
    public void Given_the_stored_schema_When_the_state_schema_or_the_wrapper_changes_Then_the_number_changes()
    {
        Assert.Equal((AggregateSnapshots.WrapperFormat * 10_000) + CharacterAggregate.SnapshotSchemaVersion, CharacterAggregate.StoredSnapshotSchema);
    }
}
