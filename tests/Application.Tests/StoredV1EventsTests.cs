using System.Text.Json;
using Application.Characters;
using Application.Events;
using Domain;
using EventSourcing;

namespace Application.Tests;

/// <summary>
/// The events the current release stores (Fixtures/v1, written by that release's code) still read, upcast and fold
/// to the state the release's rules gave them, computed by hand from those rules.
/// </summary>
public sealed class StoredV1EventsTests
{
    private static readonly EventTypeRegistry Registry = CharacterEventTypes.CreateRegistry();

    [Fact]
    public void Given_the_v1_reference_scenario_When_folded_Then_3_of_8_HP_at_version_2()
    {
        var (state, events, version) = Fold("reference");

        Assert.Equal((3, 8, 0, Condition.Conscious, 2L), (state.CurrentHitPoints, state.MaximumHitPoints, state.TemporaryHitPoints, state.Condition, version));
        var goblin = Assert.IsType<DamageTaken>(events[1]);
        Assert.Equal([new DamagePart(2, DamageType.Slashing, 2, DamageAdjustment.None)], goblin.Parts);
        Assert.Equal(("goblin", false, 2, 2), (goblin.Source, goblin.Critical, goblin.AmountApplied, goblin.HitPointsLost));
    }

    [Fact]
    public void Given_v1_damage_resisted_immune_and_vulnerable_When_upcast_Then_each_part_says_how_it_landed()
    {
        var (_, events, _) = Fold("brom");

        Assert.Equal(
            [
                new DamagePart(10, DamageType.Fire, 5, DamageAdjustment.Resisted),
                new DamagePart(4, DamageType.Poison, 0, DamageAdjustment.Immune),
                new DamagePart(3, DamageType.Cold, 6, DamageAdjustment.Vulnerable),
            ],
            events.Skip(1).Take(3).Select(e => Assert.Single(Assert.IsType<DamageTaken>(e).Parts)));
        Assert.Equal("frost breath", ((DamageTaken)events[3]).Note);
        Assert.Equal("3 cold (vulnerable: 6) from winter wolf: 6 HP lost (frost breath)", CharacterLog.Describe(events[3]));
    }

    [Theory]
    [InlineData(0, 20, 0, Condition.Conscious, 0, 0)]
    [InlineData(3, 9, 0, Condition.Conscious, 0, 0)]
    [InlineData(5, 9, 5, Condition.Conscious, 0, 0)]
    [InlineData(6, 7, 0, Condition.Conscious, 0, 0)]
    [InlineData(7, 0, 0, Condition.Unconscious, 0, 0)]
    [InlineData(9, 0, 0, Condition.Unconscious, 1, 1)]
    [InlineData(11, 0, 0, Condition.Unconscious, 1, 2)]
    [InlineData(12, 6, 0, Condition.Conscious, 0, 0)]
    [InlineData(13, 20, 0, Condition.Conscious, 0, 0)]
    public void Given_every_v1_event_type_When_folded_to_a_version_Then_the_state_is_what_the_old_rules_gave(
        int version, int hitPoints, int temporary, Condition condition, int successes, int failures)
    {
        var (state, _, _) = Fold("brom", version);

        Assert.Equal(
            (hitPoints, 20, temporary, condition, successes, failures),
            (state.CurrentHitPoints, state.MaximumHitPoints, state.TemporaryHitPoints, state.Condition, state.DeathSaveSuccesses, state.DeathSaveFailures));
        Assert.Equal([DamageType.Fire], state.Resistances);
        Assert.Equal([DamageType.Cold], state.Vulnerabilities);
        Assert.Equal([DamageType.Poison], state.Immunities);
        Assert.Equal((1, null, 0, 1, 0), (state.Level, state.HitDie, state.ConstitutionModifier, state.HitDiceLeft, state.MaximumReduction));
    }

    [Fact]
    public void Given_v1_death_saves_by_roll_and_by_damage_When_upcast_Then_no_roll_and_one_count_each()
    {
        var (_, events, _) = Fold("brom");

        Assert.Equal(
            [
                new DeathSaveRecorded(DeathSaveOutcome.Success, DeathSaveCause.Roll, null, 1),
                new DeathSaveRecorded(DeathSaveOutcome.Failure, DeathSaveCause.Roll, null, 1),
                new DeathSaveRecorded(DeathSaveOutcome.Failure, DeathSaveCause.Damage, null, 1),
            ],
            events.OfType<DeathSaveRecorded>());
        Assert.Equal(new Healed(6, 6, null), events[12]);
        Assert.Equal(new LongRestTaken(14, 0, 0), events[13]);
        Assert.Equal([new TemporaryHitPointsGranted(5, null, false, null), new TemporaryHitPointsGranted(3, null, false, null)], events.OfType<TemporaryHitPointsGranted>());
    }

    [Fact]
    public void Given_v1_three_successes_When_folded_Then_stable_at_0()
    {
        var (state, _, version) = Fold("eddard");

        Assert.Equal((0, Condition.Stable, 0, 0, 4L), (state.CurrentHitPoints, state.Condition, state.DeathSaveSuccesses, state.DeathSaveFailures, version));
    }

    [Fact]
    public void Given_v1_failures_by_roll_then_by_damage_When_folded_Then_dead_of_failed_saves()
    {
        var (state, events, version) = Fold("cora");

        Assert.Equal((0, Condition.Dead, 3, 6L), (state.CurrentHitPoints, state.Condition, state.DeathSaveFailures, version));
        Assert.Equal(new CharacterDied(DeathCause.FailedDeathSaves), events[^1]);
    }

    [Fact]
    public void Given_v1_massive_damage_When_folded_Then_dead()
    {
        var (state, events, version) = Fold("mira");

        Assert.Equal((0, 6, Condition.Dead, 3L), (state.CurrentHitPoints, state.MaximumHitPoints, state.Condition, version));
        Assert.Equal(new DamagePart(5, DamageType.Cold, 2, DamageAdjustment.Resisted), Assert.Single(((DamageTaken)events[1]).Parts));
        Assert.Equal(new CharacterDied(DeathCause.MassiveDamage), events[^1]);
    }

    [Fact]
    public async Task Given_the_v1_reference_stream_in_the_store_When_read_through_the_use_cases_Then_3_HP_and_the_DMs_log()
    {
        using var host = TestHost.InMemory();
        var store = host.Get<IEventStore>();
        foreach (var e in Envelopes("reference"))
        {
            var append = await store.AppendAsync(
                e.StreamId,
                ExpectedVersion.Exact(e.Version - 1),
                [new EventData(e.EventId, e.Type, e.SchemaVersion, e.Timestamp, e.Payload, e.Metadata)]);
            Assert.IsType<AppendResult.Appended>(append);
        }

        var view = (await host.Send(new GetCharacter("reference"))).Value;
        var history = (await host.Send(new GetHistory("reference"))).Value;
        var healed = await host.Send(new Heal("reference", 5, "potion of healing"));

        Assert.Equal((3, 8, 2L, 1, (HitDie?)null), (view.CurrentHitPoints, view.MaximumHitPoints, view.Version, view.Level, view.HitDie));
        Assert.Equal(
            ["created with 8 HP, level 1", "2 slashing from goblin: 2 HP lost", "3 bludgeoning from bugbear: 3 HP lost"],
            history.Events.Select(e => e.Description));
        Assert.Equal(["character-created.v1", "damage-taken.v1", "damage-taken.v1"], history.Events.Select(e => e.Type));
        Assert.Equal(3, healed.Value.Version);
        Assert.Equal(8, (await host.Send(new GetCharacter("reference"))).Value.CurrentHitPoints);
    }

    private static (CharacterHitPoints State, IReadOnlyList<CharacterEvent> Events, long Version) Fold(string stream, long upTo = long.MaxValue)
    {
        var envelopes = Envelopes(stream).Where(e => e.Version <= upTo).ToList();
        var events = envelopes.Select(e => (CharacterEvent)Registry.Decode(e)).ToList();
        return (CharacterHitPoints.Replay(events), events, envelopes[^1].Version);
    }

    /// <summary>The fixture's events as an adapter returns them.</summary>
    internal static IReadOnlyList<EventEnvelope> Envelopes(string stream)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "v1", $"{stream}.events.json")));
        return json.RootElement.EnumerateArray().Select(e => new EventEnvelope(
            Guid.NewGuid(),
            new StreamId(CharacterEventTypes.Category, stream),
            e.GetProperty("version").GetInt64(),
            e.GetProperty("type").GetString()!,
            e.GetProperty("schemaVersion").GetInt32(),
            e.GetProperty("timestamp").GetDateTimeOffset(),
            e.GetProperty("data").GetRawText(),
            new EventMetadata(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid()))).ToList();
    }
}
