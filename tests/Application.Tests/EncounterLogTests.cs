using Application.Characters;
using Application.Encounters;
using Domain;
using EventSourcing;
using MediatR;

namespace Application.Tests;

/// <summary>The combat log on the in-memory store: the encounter's events and its characters' events while they fought.</summary>
public sealed class EncounterLogTests : IDisposable
{
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 11, 30, 20, 0, 0, TimeSpan.Zero));
    private readonly TestHost _host;

    public EncounterLogTests() => _host = TestHost.InMemory(clock: _clock);

    public void Dispose() => _host.Dispose();

    private async Task Step<T>(IRequest<Result<T>> request)
    {
        var result = await _host.Send(request);
        Assert.True(result.IsSuccess, result.Error?.Message);
        _clock.Advance(TimeSpan.FromSeconds(6));
    }

    /// <summary>Tordek and Mialee fight goblins; Mialee leaves; the fight ends; Tordek is hurt again after it.</summary>
    private async Task Fight()
    {
        await Step(new CreateCharacter("Tordek", 12, CharacterId: "tordek"));
        await Step(new CreateCharacter("Mialee", 8, Resistances: [DamageType.Fire], CharacterId: "mialee"));
        await Step(new CreateCharacter("Lidda", 9, CharacterId: "lidda"));
        await Step(new DealDamage("tordek", 1, DamageType.Slashing)); // before the fight: not in its log
        await Step(new StartEncounter("Goblin ambush", ["tordek", "mialee"], ["goblin boss"], EncounterId: "ambush"));
        var goblin = (await _host.Send(new GetEncounter("ambush"))).Value.Combatants.Single(c => c.Kind == CombatantKind.Creature).CombatantId;
        await Step(new RecordInitiative("ambush", [new InitiativeInput("tordek", 15), new InitiativeInput("mialee", 12), new InitiativeInput(goblin, 8)]));
        await Step(new NextTurn("ambush"));
        await Step(new DealDamage("tordek", 3, DamageType.Piercing));
        await Step(new DealAreaDamage("ambush", 10, DamageType.Fire, [new AreaTargetInput("tordek", false), new AreaTargetInput("mialee", true)], "fireball", SaveDc: 15));
        await Step(new RemoveCombatant("ambush", "mialee", "fled"));
        await Step(new Heal("mialee", 2)); // after she left: not in the log
        await Step(new DealDamage("lidda", 2, DamageType.Slashing)); // never in the fight
        await Step(new EndEncounter("ambush"));
        await Step(new DealDamage("tordek", 1, DamageType.Slashing)); // after the end
    }

    [Fact]
    public async Task Given_a_fight_When_its_log_is_read_Then_it_holds_the_encounter_and_its_characters_while_they_fought_in_time_order()
    {
        await Fight();

        var log = await _host.Send(new GetEncounterLog("ambush"));

        Assert.True(log.IsSuccess, log.Error?.Message);
        Assert.Null(log.Value.NextCursor);
        Assert.Equal(
            [null, null, null, "tordek", null, "tordek", "mialee", null, null],
            log.Value.Events.Select(e => e.CombatantId));
        Assert.Equal(
            [
                "encounter \"Goblin ambush\" started with Tordek, Mialee, goblin boss",
                "initiative: Tordek 15, Mialee 12, goblin boss 8",
                "round 1: Tordek's turn",
                "fireball: 10 fire damage, DC 15 save for half to Tordek (failed), Mialee (saved)",
                "Mialee left the fight (fled)",
                "encounter ended after 1 round",
            ],
            log.Value.Events.Where(e => e.CombatantId is null).Select(e => e.Description));
        Assert.StartsWith("3 piercing", log.Value.Events[3].Description, StringComparison.Ordinal);
        Assert.All(log.Value.Events.Where(e => e.CombatantId is null), e => Assert.Equal("Goblin ambush", e.Name));
        Assert.Equal(log.Value.Events.OrderBy(e => e.Timestamp).Select(e => e.EventId), log.Value.Events.Select(e => e.EventId));
        var mialee = log.Value.Events.Single(e => e.CombatantId == "mialee");
        Assert.Equal("Mialee", mialee.Name);
        Assert.Contains("from fireball", mialee.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_a_fight_When_its_log_is_read_a_page_at_a_time_Then_the_pages_join_up_to_the_whole_log()
    {
        await Fight();
        var whole = (await _host.Send(new GetEncounterLog("ambush"))).Value.Events;

        var read = new List<EncounterLogEntry>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = (await _host.Send(new GetEncounterLog("ambush", cursor, 4))).Value;
            read.AddRange(page.Events);
            cursor = page.NextCursor;
            pages++;
        }
        while (cursor is not null);

        Assert.Equal(3, pages); // 9 lines, 4 a page
        Assert.Equal(whole, read);
    }

    [Fact]
    public async Task Given_no_such_encounter_or_a_bad_cursor_When_the_log_is_read_Then_not_found_or_a_validation_error_names_the_cursor()
    {
        var missing = await _host.Send(new GetEncounterLog("nowhere"));
        var bad = await _host.Send(new GetEncounterLog("nowhere", "-1"));

        Assert.IsType<NotFoundError>(missing.Error);
        Assert.Equal("Cursor", Assert.IsType<ValidationError>(bad.Error).Fields.Single().Field, ignoreCase: true);
    }
}
