using System.Text;
using Application.Characters;
using Domain;

namespace Application.Tests;

public sealed class CharacterSnapshotsTests
{
    [Fact]
    public void Given_a_state_and_100_commands_When_serialized_Then_they_round_trip_and_stay_under_one_read_unit()
    {
        var state = CharacterHitPoints.Replay([new CharacterCreated("Tordek the Unyielding", 1000, [DamageType.Fire], [DamageType.Cold], [DamageType.Poison])]);
        const long version = 123_456;
        var commands = Enumerable.Range(0, 100)
            .Select(i => new RememberedCommand(Guid.NewGuid(), version - 100 + i - (i % 7 == 0 ? 2 : 0), version - 100 + i))
            .ToList();

        var payload = CharacterSnapshots.Serialize(version, state, commands);
        var (back, remembered) = CharacterSnapshots.Deserialize(version, payload);

        Assert.Equal(commands, remembered);
        Assert.Equal((state.Name, state.MaximumHitPoints, state.CurrentHitPoints), (back.Name, back.MaximumHitPoints, back.CurrentHitPoints));
        Assert.Equal(state.Resistances, back.Resistances);
        Assert.True(Encoding.UTF8.GetByteCount(payload) < 3_600, $"The snapshot payload is {Encoding.UTF8.GetByteCount(payload)} bytes.");
    }

    [Fact]
    public void Given_a_payload_with_a_broken_command_list_When_deserialized_Then_it_is_a_format_error_not_a_wrong_state()
    {
        Assert.Throws<FormatException>(() => CharacterSnapshots.Deserialize(5, """{"state":{"exists":true},"recentCommands":"abc.1.2.3"}"""));
    }
}
