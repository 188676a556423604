using System.Text.Json;

namespace Cli.Tests;

/// <summary><c>hp encounter ...</c> through the real parser, on one in-memory store.</summary>
public sealed class EncounterCommandsTests
{
    private readonly CliSession _hp = new();

    /// <summary>
    /// "Goblin ambush" as a DM types it: the fireball (10 fire, DC 15) takes Tordek (failed) to 2 and Mialee (saved: 5, resisted: 2)
    /// to 6; the boss crits Tordek to 0; three death saves later he is stable. Returns the last show.
    /// </summary>
    internal static async Task<string> GoblinAmbushAsync(Func<string[], Task<string>> hp)
    {
        await hp(["create", "Tordek", "--max-hp", "12", "--hit-die", "d10", "--id", "tordek"]);
        await hp(["create", "Mialee", "--max-hp", "8", "--resist", "fire", "--id", "mialee"]);
        var started = await hp(["encounter", "start", "Goblin ambush", "--character", "tordek", "--character", "mialee", "--creature", "goblin boss", "--id", "ambush"]);
        Assert.Contains("Started Goblin ambush (ambush), now at version 0.", started, StringComparison.Ordinal);
        await hp(["encounter", "initiative", "ambush", "goblin-boss=15", "tordek=12/7", "mialee=12/18"]);
        Assert.Contains("Turn        goblin-boss", await hp(["encounter", "next", "ambush"]), StringComparison.Ordinal);

        var fireball = await hp(["encounter", "area-damage", "ambush", "10", "fire", "tordek:failed", "mialee:saved", "--dc", "15", "--source", "fireball"]);
        Assert.Contains("Dealt area damage in Goblin ambush (ambush), now at version 3.", fireball, StringComparison.Ordinal);

        await hp(["encounter", "next", "ambush"]);
        await hp(["encounter", "next", "ambush"]);
        await hp(["encounter", "next", "ambush"]);
        await hp(["damage", "tordek", "9", "--type", "slashing", "--critical", "--source", "goblin boss"]);
        foreach (var roll in new[] { "12", "15", "11" })
        {
            await hp(["encounter", "next", "ambush"]);
            await hp(["encounter", "next", "ambush"]);
            await hp(["death-save", "tordek", roll]);
            await hp(["encounter", "next", "ambush"]);
        }

        return await hp(["encounter", "show", "ambush"]);
    }

    internal static void AssertAmbushEnd(string show)
    {
        var lines = show.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("Round       5", lines);
        Assert.Contains("Turn        goblin-boss", lines);
        var rows = lines.SkipWhile(l => !l.StartsWith("Init", StringComparison.Ordinal)).Skip(1).ToList();
        Assert.Equal(3, rows.Count);
        Assert.StartsWith("> 15      goblin boss (goblin-boss)", rows[0], StringComparison.Ordinal);
        Assert.Matches(@"^12/18\s+Mialee \(mialee\)\s+6/8\s+0\s+conscious\s+0 ok, 0 failed$", rows[1]);
        Assert.Matches(@"^12/7\s+Tordek \(tordek\)\s+0/12\s+0\s+stable\s+0 ok, 0 failed$", rows[2]);
    }

    [Fact]
    public async Task Given_the_goblin_ambush_When_a_DM_runs_it_command_by_command_Then_show_has_Tordek_stable_and_Mialee_at_6()
    {
        AssertAmbushEnd(await GoblinAmbushAsync(args => _hp.OkAsync(args)));

        using var json = JsonDocument.Parse(await _hp.OkAsync("encounter", "show", "ambush", "--json"));
        Assert.Equal("stable", json.RootElement.GetProperty("combatants")[2].GetProperty("hitPoints").GetProperty("condition").GetString());
        Assert.Contains("Ended", await _hp.OkAsync("encounter", "end", "ambush"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_the_goblin_ambush_When_hp_log_runs_Then_it_prints_the_fight_in_time_order_a_page_at_a_time()
    {
        await GoblinAmbushAsync(args => _hp.OkAsync(args));

        var first = await _hp.OkAsync("log", "ambush", "--page-size", "5");
        var lines = first.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("TIME (UTC)", lines[0], StringComparison.Ordinal);
        Assert.Matches(@"\(encounter\)\s+encounter ""Goblin ambush"" started with Tordek, Mialee, goblin boss$", lines[1]);
        Assert.Matches(@"\(encounter\)\s+initiative: goblin boss 15, Tordek 12 \(roll-off 7\), Mialee 12 \(roll-off 18\)$", lines[2]);
        Assert.Matches(@"\(encounter\)\s+round 1: goblin boss's turn$", lines[3]);
        Assert.Matches(@"\(encounter\)\s+fireball: 10 fire damage, DC 15 save for half to Tordek \(failed\), Mialee \(saved\)$", lines[4]);
        Assert.Matches(@"Tordek\s+10 fire from fireball", lines[5]);
        var more = lines[^1];
        Assert.StartsWith("More: hp log ambush --cursor ", more, StringComparison.Ordinal);

        var rest = await _hp.OkAsync([.. more["More: hp ".Length..].Split(' '), "--page-size", "100"]);
        Assert.Matches(@"Mialee\s+5 fire \(resisted: 2\) from fireball", rest);
        Assert.Contains("death save: rolled 11, success", rest, StringComparison.Ordinal);
        Assert.DoesNotContain("More:", rest, StringComparison.Ordinal);
        Assert.Equal(3, (await _hp.RunAsync("log", "nowhere")).ExitCode);
        Assert.Equal(2, (await _hp.RunAsync("log", "ambush", "--cursor", "x")).ExitCode);
    }

    [Fact]
    public async Task Given_an_encounter_When_combatants_join_leave_and_are_healed_together_Then_each_command_prints_the_encounter()
    {
        await _hp.OkAsync("create", "Tordek", "--max-hp", "12", "--id", "tordek");
        await _hp.OkAsync("create", "Jozan", "--max-hp", "10", "--id", "jozan");
        await _hp.OkAsync("encounter", "start", "Bridge", "--character", "tordek", "--id", "bridge");
        await _hp.OkAsync("damage", "tordek", "5", "--type", "slashing");

        Assert.Contains("Jozan (jozan)", await _hp.OkAsync("encounter", "add", "bridge", "--character", "jozan"), StringComparison.Ordinal);
        Assert.Contains("Wolf (wolf)", await _hp.OkAsync("encounter", "add", "bridge", "--creature", "Wolf"), StringComparison.Ordinal);
        Assert.DoesNotContain("(wolf)", await _hp.OkAsync("encounter", "remove", "bridge", "wolf", "--reason", "fled"), StringComparison.Ordinal);
        var healed = await _hp.OkAsync("encounter", "mass-heal", "bridge", "tordek=3", "jozan=3", "--source", "mass-healing-word");
        Assert.Matches(@"Tordek \(tordek\)\s+10/12", healed);
    }

    [Fact]
    public async Task Given_bad_input_When_encounter_commands_run_Then_exit_codes_name_the_problem_and_nothing_is_written()
    {
        await _hp.OkAsync("create", "Tordek", "--max-hp", "12", "--id", "tordek");
        await _hp.OkAsync("encounter", "start", "Bridge", "--character", "tordek", "--creature", "goblin", "--id", "bridge");

        var badTarget = await _hp.RunAsync("encounter", "area-damage", "bridge", "10", "fire", "tordek:maybe", "--source", "fireball");
        var creature = await _hp.RunAsync("encounter", "area-damage", "bridge", "10", "fire", "goblin", "--source", "fireball", "--json");
        var noInitiative = await _hp.RunAsync("encounter", "next", "bridge");
        var missing = await _hp.RunAsync("encounter", "show", "nowhere");
        var stale = await _hp.RunAsync("encounter", "end", "bridge", "--expected-version", "7");

        Assert.Equal(2, badTarget.ExitCode);
        Assert.Contains("TARGETS", badTarget.Err, StringComparison.Ordinal);
        Assert.Equal(5, creature.ExitCode);
        Assert.Contains("encounter.not-a-character", creature.Err, StringComparison.Ordinal);
        Assert.Equal(5, noInitiative.ExitCode);
        Assert.Equal(3, missing.ExitCode);
        Assert.Equal(4, stale.ExitCode);
        Assert.Contains("Version     0", await _hp.OkAsync("encounter", "show", "bridge"), StringComparison.Ordinal);
    }
}
