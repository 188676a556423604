using System.Text.Json;

namespace Cli.Tests;

/// <summary>The SRD 5.1 commands (several damage types, dying and stabilising, Hit Dice, levels, the maximum, defences) through the real parser.</summary>
public sealed class HpRulesCommandsTests
{
    private static readonly string TooLong = new('x', 101);

    private readonly CliSession _hp = new();

    [Fact]
    public async Task Given_Tordek_in_a_fight_When_the_DM_runs_it_through_the_CLI_Then_he_drops_makes_death_saves_and_is_stabilised()
    {
        var created = await _hp.OkAsync("create", "Tordek", "--max-hp", "12", "--hit-die", "d10", "--id", "tordek");
        Assert.Contains("Hit Dice       1 of 1 left, d10", created, StringComparison.Ordinal);

        Assert.Contains("Hit points     2 / 12", await _hp.OkAsync("damage", "tordek", "10", "fire"), StringComparison.Ordinal);

        var critical = await _hp.OkAsync("damage", "tordek", "7", "slashing", "--critical", "--source", "ogre");
        Assert.Contains("Hit points     0 / 12", critical, StringComparison.Ordinal);
        Assert.Contains("Condition      unconscious", critical, StringComparison.Ordinal);
        Assert.Contains("Death saves    0 successes, 0 failures", critical, StringComparison.Ordinal);

        var save = await _hp.OkAsync("death-save", "tordek", "8");
        Assert.Contains("Death saves    0 successes, 1 failures", save, StringComparison.Ordinal);

        var stable = await _hp.OkAsync("stabilize", "tordek", "medicine", "--check", "12", "--by", "Jozan");
        Assert.Contains("Stabilised Tordek (tordek), now at version 4.", stable, StringComparison.Ordinal);
        Assert.Contains("Condition      stable", stable, StringComparison.Ordinal);
        Assert.Contains("Death saves    0 successes, 0 failures", stable, StringComparison.Ordinal);

        var history = Lines(await _hp.OkAsync("history", "tordek"));
        Assert.Equal(6, history.Length);
        Assert.Contains("created with 12 HP, level 1, Hit Die d10", history[1], StringComparison.Ordinal);
        Assert.Contains("10 fire: 10 HP lost", history[2], StringComparison.Ordinal);
        Assert.Contains("7 slashing from ogre (critical): 2 HP lost", history[3], StringComparison.Ordinal);
        Assert.Contains("death save: rolled 8, failure", history[4], StringComparison.Ordinal);
        Assert.Contains("stabilised by a Wisdom (Medicine) check of 12 by Jozan", history[5], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_a_hit_of_several_types_When_damaging_Then_each_part_meets_the_defences_and_the_history_lists_them()
    {
        await _hp.OkAsync("create", "Krusk", "--max-hp", "30", "--resist", "fire", "--id", "krusk");

        var hit = await _hp.OkAsync("damage", "krusk", "7", "slashing", "4", "fire", "--source", "ogre");
        Assert.Contains("Hit points     21 / 30", hit, StringComparison.Ordinal);

        // An amount without a type takes --type; the one-type form of before still works.
        Assert.Contains("Hit points     16 / 30", await _hp.OkAsync("damage", "krusk", "3", "2", "cold", "--type", "piercing"), StringComparison.Ordinal);
        Assert.Contains("Hit points     14 / 30", await _hp.OkAsync("damage", "krusk", "2", "--type", "slashing"), StringComparison.Ordinal);

        var history = Lines(await _hp.OkAsync("history", "krusk"));
        Assert.Contains("7 slashing + 4 fire (resisted: 2) from ogre: 9 HP lost", history[2], StringComparison.Ordinal);
        Assert.Contains("3 piercing + 2 cold: 5 HP lost", history[3], StringComparison.Ordinal);

        using var json = JsonDocument.Parse((await _hp.OkAsync("history", "krusk", "--json")));
        var parts = json.RootElement.GetProperty("events")[1].GetProperty("event").GetProperty("parts");
        Assert.Equal(2, parts.GetArrayLength());
    }

    [Fact]
    public async Task Given_a_melee_hit_that_drops_a_character_When_the_attacker_knocks_out_Then_it_is_stable_at_0()
    {
        await _hp.OkAsync("create", "Lidda", "--max-hp", "10", "--id", "lidda");

        var run = await _hp.OkAsync("damage", "lidda", "12", "bludgeoning", "--knock-out", "--source", "Regdar");

        Assert.Contains("Hit points     0 / 10", run, StringComparison.Ordinal);
        Assert.Contains("Condition      stable", run, StringComparison.Ordinal);
        Assert.Contains("knocked out from Regdar: unconscious and stable", await _hp.OkAsync("history", "lidda"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_a_stable_character_When_hours_pass_or_a_spell_or_kit_is_used_Then_stabilize_and_recover_apply()
    {
        await _hp.OkAsync("create", "Eberk", "--max-hp", "8", "--id", "eberk");
        await _hp.OkAsync("damage", "eberk", "8", "piercing");
        Assert.Contains("Condition      stable", await _hp.OkAsync("stabilize", "eberk", "spare-the-dying", "--by", "Jozan"), StringComparison.Ordinal);

        var recovered = await _hp.OkAsync("recover", "eberk", "3");
        Assert.Contains("Recovered Eberk (eberk), now at version 3.", recovered, StringComparison.Ordinal);
        Assert.Contains("Hit points     1 / 8", recovered, StringComparison.Ordinal);
        Assert.Contains("Condition      conscious", recovered, StringComparison.Ordinal);

        await _hp.OkAsync("damage", "eberk", "1", "piercing");
        Assert.Contains("Condition      stable", await _hp.OkAsync("stabilize", "eberk", "healers-kit"), StringComparison.Ordinal);

        var history = await _hp.OkAsync("history", "eberk");
        Assert.Contains("stabilised by Spare the Dying by Jozan", history, StringComparison.Ordinal);
        Assert.Contains("regained 1 HP after 3 hours stable", history, StringComparison.Ordinal);
        Assert.Contains("stabilised with a healer's kit", history, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_a_dead_character_When_revivify_is_cast_Then_it_returns_with_1_HP()
    {
        await _hp.OkAsync("create", "Soveliss", "--max-hp", "8", "--id", "soveliss");
        await _hp.OkAsync("damage", "soveliss", "16", "necrotic");

        var revived = await _hp.OkAsync("revive", "soveliss", "--spell", "revivify");

        Assert.Contains("Revived Soveliss (soveliss)", revived, StringComparison.Ordinal);
        Assert.Contains("Hit points     1 / 8", revived, StringComparison.Ordinal);
        Assert.Contains("Condition      conscious", revived, StringComparison.Ordinal);
        Assert.Contains("Hit points     3 / 8", await _hp.OkAsync("heal", "soveliss", "2", "--expected-version", "3"), StringComparison.Ordinal);
        Assert.Contains("revived by revivify with 1 HP", await _hp.OkAsync("history", "soveliss"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_a_level_3_fighter_When_it_rests_levels_up_and_changes_constitution_Then_show_tracks_hit_dice_and_maximum()
    {
        var created = await _hp.OkAsync("create", "Regdar", "--max-hp", "24", "--level", "3", "--hit-die", "d8", "--con", "2", "--id", "regdar");
        Assert.Contains("Level          3", created, StringComparison.Ordinal);
        Assert.Contains("Hit Dice       3 of 3 left, d8", created, StringComparison.Ordinal);
        Assert.Contains("Constitution   +2", created, StringComparison.Ordinal);

        await _hp.OkAsync("damage", "regdar", "20", "slashing");
        var shortRest = await _hp.OkAsync("short-rest", "regdar", "5", "3");
        Assert.Contains("Short-rested Regdar (regdar), now at version 2.", shortRest, StringComparison.Ordinal);
        Assert.Contains("Hit points     16 / 24", shortRest, StringComparison.Ordinal);
        Assert.Contains("Hit Dice       1 of 3 left, d8", shortRest, StringComparison.Ordinal);

        var longRest = await _hp.OkAsync("long-rest", "regdar");
        Assert.Contains("Rested Regdar", longRest, StringComparison.Ordinal);
        Assert.Contains("Hit points     24 / 24", longRest, StringComparison.Ordinal);
        Assert.Contains("Hit Dice       2 of 3 left, d8", longRest, StringComparison.Ordinal);

        var levelUp = await _hp.OkAsync("level-up", "regdar", "7");
        Assert.Contains("Level          4", levelUp, StringComparison.Ordinal);
        Assert.Contains("Hit points     31 / 31", levelUp, StringComparison.Ordinal);
        Assert.Contains("Hit Dice       3 of 4 left, d8", levelUp, StringComparison.Ordinal);

        var constitution = await _hp.OkAsync("constitution", "regdar", "3");
        Assert.Contains("Constitution   +3", constitution, StringComparison.Ordinal);
        Assert.Contains("Hit points     35 / 35", constitution, StringComparison.Ordinal);

        using var json = JsonDocument.Parse(await _hp.OkAsync("show", "regdar", "--json"));
        Assert.Equal(4, json.RootElement.GetProperty("level").GetInt32());
        Assert.Equal(3, json.RootElement.GetProperty("hitDiceLeft").GetInt32());
        Assert.Equal(3, json.RootElement.GetProperty("constitutionModifier").GetInt32());

        var history = await _hp.OkAsync("history", "regdar");
        Assert.Contains("spent 2 Hit Dice (rolled 5, 3, Constitution +2): 12 HP restored", history, StringComparison.Ordinal);
        Assert.Contains("reached level 4: maximum +7, 7 HP gained", history, StringComparison.Ordinal);
        Assert.Contains("Constitution modifier now +3: maximum +4, HP +4", history, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_aid_and_life_drain_When_the_maximum_changes_Then_show_breaks_it_down()
    {
        await _hp.OkAsync("create", "Vadania", "--max-hp", "20", "--id", "vadania");

        var aid = await _hp.OkAsync("max-hp", "increase", "vadania", "5", "--source", "aid");
        Assert.Contains("Hit points     25 / 25", aid, StringComparison.Ordinal);
        Assert.Contains("Maximum HP     25 = 20 base + 5 aid", aid, StringComparison.Ordinal);

        var drained = await _hp.OkAsync("max-hp", "reduce", "vadania", "4", "--source", "wight");
        Assert.Contains("Maximum HP     21 = 20 base + 5 aid - 4 until a long rest", drained, StringComparison.Ordinal);

        var ended = await _hp.OkAsync("max-hp", "end", "vadania", "--source", "aid");
        Assert.Contains("Hit points     16 / 16", ended, StringComparison.Ordinal);
        Assert.Contains("Maximum HP     16 = 20 base - 4 until a long rest", ended, StringComparison.Ordinal);

        Assert.Contains("Maximum HP     20", await _hp.OkAsync("long-rest", "vadania"), StringComparison.Ordinal);

        var history = await _hp.OkAsync("history", "vadania");
        Assert.Contains("maximum and current HP +5 from aid", history, StringComparison.Ordinal);
        Assert.Contains("maximum reduced by 4 from wight until a long rest", history, StringComparison.Ordinal);
        Assert.Contains("aid ended: maximum -5", history, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_a_raging_barbarian_When_defences_are_added_and_removed_Then_damage_and_show_follow()
    {
        await _hp.OkAsync("create", "Krusk", "--max-hp", "40", "--resist", "fire", "--id", "krusk");

        var rage = await _hp.OkAsync("defense", "add", "krusk", "resistance", "bludgeoning", "piercing", "slashing", "fire", "--source", "rage");
        Assert.Contains("Resistant to   bludgeoning (rage), fire (own, rage), piercing (rage), slashing (rage)", rage, StringComparison.Ordinal);
        Assert.Contains("Hit points     36 / 40", await _hp.OkAsync("damage", "krusk", "8", "slashing"), StringComparison.Ordinal);

        var calm = await _hp.OkAsync("defense", "remove", "krusk", "resistance", "bludgeoning", "piercing", "slashing", "fire", "--source", "rage");
        Assert.Contains("Resistant to   fire", calm, StringComparison.Ordinal);
        Assert.DoesNotContain("rage", calm, StringComparison.Ordinal);

        await _hp.OkAsync("defense", "add", "krusk", "vulnerability", "cold", "--source", "curse");
        Assert.Contains("Vulnerable to  cold (curse)", await _hp.OkAsync("show", "krusk"), StringComparison.Ordinal);
        var history = await _hp.OkAsync("history", "krusk");
        Assert.Contains("gained resistance to bludgeoning, fire, piercing, slashing from rage", history, StringComparison.Ordinal);
        Assert.Contains("8 slashing (resisted: 4): 4 HP lost", history, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_healing_and_temporary_hit_points_from_a_source_When_granted_Then_the_source_and_replace_are_kept()
    {
        await _hp.OkAsync("create", "Jozan", "--max-hp", "10", "--id", "jozan");
        await _hp.OkAsync("damage", "jozan", "6", "fire");

        Assert.Contains("Hit points     9 / 10", await _hp.OkAsync("heal", "jozan", "5", "--source", "cure-wounds"), StringComparison.Ordinal);
        Assert.Contains("Temporary HP   8", await _hp.OkAsync("temp", "jozan", "8", "--source", "false-life"), StringComparison.Ordinal);
        Assert.Contains("Temporary HP   8", await _hp.OkAsync("temp", "jozan", "3"), StringComparison.Ordinal);
        Assert.Contains("Temporary HP   3", await _hp.OkAsync("temp", "jozan", "3", "--source", "inspiring-leader", "--replace"), StringComparison.Ordinal);

        var history = await _hp.OkAsync("history", "jozan");
        Assert.Contains("healed 5 from cure-wounds: 5 HP restored", history, StringComparison.Ordinal);
        Assert.Contains("offered 3 temporary HP, kept 8", history, StringComparison.Ordinal);
        Assert.Contains("granted 3 temporary HP from inspiring-leader (now 3, replacing the old ones)", history, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_rest_the_old_name_When_resting_Then_it_is_the_long_rest()
    {
        await _hp.OkAsync("create", "Mialee", "--max-hp", "6", "--level", "2", "--hit-die", "d6", "--id", "mialee");
        await _hp.OkAsync("damage", "mialee", "5", "force");
        await _hp.OkAsync("short-rest", "mialee", "1", "1");

        var rest = await _hp.OkAsync("rest", "mialee");

        Assert.Contains("Hit points     6 / 6", rest, StringComparison.Ordinal);
        Assert.Contains("Hit Dice       1 of 2 left, d6", rest, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--con", "create", "Name", "--max-hp", "8", "--con", "11")]
    [InlineData("AMOUNT[1]", "damage", "t", "7", "slashing", "0", "fire")]
    [InlineData("--source", "damage", "t", "7", "slashing", "--source", "$long")]
    [InlineData("--source", "heal", "t", "3", "--source", "$long")]
    [InlineData("--source", "temp", "t", "3", "--source", "$long", "--replace")]
    [InlineData("--check", "stabilize", "t", "medicine", "--check", "200")]
    [InlineData("--by", "stabilize", "t", "spare-the-dying", "--by", "$long")]
    [InlineData("--spell", "revive", "t", "--spell", " ")]
    [InlineData("--hp", "revive", "t", "--spell", "revivify", "--hp", "0")]
    [InlineData("ROLLS", "short-rest", "t", "1", "1", "1", "1", "1", "1", "1", "1", "1", "1", "1", "1", "1", "1", "1", "1", "1", "1", "1", "1", "1")]
    [InlineData("INCREASE", "level-up", "t", "1001")]
    [InlineData("MODIFIER", "constitution", "t", "11")]
    [InlineData("AMOUNT", "max-hp", "increase", "t", "0", "--source", "aid")]
    [InlineData("--source", "max-hp", "end", "t", "--source", " ")]
    [InlineData("AMOUNT", "max-hp", "reduce", "t", "0")]
    [InlineData("--source", "defense", "add", "t", "resistance", "fire", "--source", "")]
    [InlineData("--expected-version", "defense", "remove", "t", "immunity", "fire", "--source", "x", "--expected-version", "-5")]
    [InlineData("ID", "recover", "bad id!", "2")]
    public async Task Given_a_value_the_application_rejects_When_running_a_rules_command_Then_exit_2_names_the_option(string field, params string[] args)
    {
        var run = await _hp.RunAsync([.. args.Select(a => a == "$long" ? TooLong : a)]);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Equal(string.Empty, run.Out);
        Assert.StartsWith("error: invalid input", run.Err, StringComparison.Ordinal);
        Assert.Contains($"  {field}: ", run.Err, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("damage", "t", "fire", "7")]
    [InlineData("damage", "t", "7", "slashing", "4")]
    [InlineData("damage", "t", "7", "sharp")]
    [InlineData("create", "Name", "--max-hp", "8", "--hit-die", "d7")]
    [InlineData("create", "Name", "--max-hp", "8", "--con", "two")]
    [InlineData("stabilize", "t", "surgery")]
    [InlineData("stabilize", "t", "knocked-out")]
    [InlineData("recover", "t")]
    [InlineData("revive", "t")]
    [InlineData("short-rest", "t")]
    [InlineData("short-rest", "t", "five")]
    [InlineData("level-up", "t")]
    [InlineData("constitution", "t", "plus-two")]
    [InlineData("max-hp")]
    [InlineData("max-hp", "increase", "t", "5")]
    [InlineData("defense", "add", "t", "shield", "fire", "--source", "x")]
    [InlineData("defense", "remove", "t", "resistance", "--source", "rage")]
    public async Task Given_a_rules_command_line_that_does_not_parse_When_running_Then_exit_2_with_usage_hint(params string[] args)
    {
        var run = await _hp.RunAsync(args);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Equal(string.Empty, run.Out);
        Assert.StartsWith("error: ", run.Err, StringComparison.Ordinal);
        var path = args[0] is "max-hp" or "defense" && args.Length > 1 ? $"hp {args[0]} {args[1]}" : $"hp {args[0]}";
        Assert.Contains($"Run '{path} --help' for usage.", run.Err, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("character.not-dying", "stabilize", "tordek", "healers-kit")]
    [InlineData("character.not-stable", "recover", "tordek", "2")]
    [InlineData("character.not-dead", "revive", "tordek", "--spell", "revivify")]
    [InlineData("hit-dice.roll", "short-rest", "tordek", "9")]
    [InlineData("hit-dice.not-enough", "short-rest", "tordek", "3", "3")]
    [InlineData("level-up.increase-above-hit-die", "level-up", "tordek", "20")]
    [InlineData("constitution.unchanged", "constitution", "tordek", "1")]
    [InlineData("hit-point-maximum.increase-not-active", "max-hp", "end", "tordek", "--source", "aid")]
    [InlineData("defense.not-held", "defense", "remove", "tordek", "resistance", "fire", "--source", "rage")]
    [InlineData("knock-out.needs-hit-points", "damage", "dying", "3", "fire", "--knock-out")]
    [InlineData("stabilize.check-needed", "stabilize", "dying", "medicine")]
    [InlineData("stabilize.check-failed", "stabilize", "dying", "medicine", "--check", "9")]
    [InlineData("death-save.roll", "death-save", "dying", "21")]
    [InlineData("stable-recovery.hours", "recover", "stable", "5")]
    [InlineData("character.level", "create", "Old", "--max-hp", "8", "--level", "21")]
    public async Task Given_a_rule_forbids_it_When_running_a_rules_command_Then_exit_5_with_the_rule_code(string code, params string[] args)
    {
        await _hp.OkAsync("create", "Tordek", "--max-hp", "8", "--hit-die", "d8", "--con", "1", "--id", "tordek");
        await _hp.OkAsync("create", "Dying", "--max-hp", "8", "--id", "dying");
        await _hp.OkAsync("damage", "dying", "8", "fire");
        await _hp.OkAsync("create", "Stable", "--max-hp", "8", "--id", "stable");
        await _hp.OkAsync("damage", "stable", "8", "fire", "--knock-out");

        var text = await _hp.RunAsync(args);
        var json = await _hp.RunAsync([.. args, "--json"]);

        Assert.True(text.ExitCode == 5, text.ToString());
        Assert.Equal(string.Empty, text.Out);
        Assert.StartsWith("error: ", text.Err, StringComparison.Ordinal);
        Assert.Equal(5, json.ExitCode);
        using var error = JsonDocument.Parse(json.Err);
        Assert.Equal(code, error.RootElement.GetProperty("error").GetProperty("code").GetString());
    }

    [Theory]
    [InlineData("stabilize", "ghost", "healers-kit")]
    [InlineData("recover", "ghost", "2")]
    [InlineData("revive", "ghost", "--spell", "revivify")]
    [InlineData("short-rest", "ghost", "4")]
    [InlineData("long-rest", "ghost")]
    [InlineData("level-up", "ghost", "5")]
    [InlineData("constitution", "ghost", "1")]
    [InlineData("max-hp", "increase", "ghost", "5", "--source", "aid")]
    [InlineData("max-hp", "end", "ghost", "--source", "aid")]
    [InlineData("max-hp", "reduce", "ghost", "2")]
    [InlineData("defense", "add", "ghost", "resistance", "fire", "--source", "rage")]
    [InlineData("defense", "remove", "ghost", "resistance", "fire", "--source", "rage")]
    public async Task Given_no_such_character_When_running_a_rules_command_Then_exit_3(params string[] args)
    {
        var run = await _hp.RunAsync(args);

        Assert.True(run.ExitCode == 3, run.ToString());
        Assert.Equal("error: No character with id 'ghost'.", run.Err.Trim());
    }

    [Fact]
    public async Task Given_a_stale_version_or_a_repeated_command_id_When_levelling_up_Then_conflict_or_one_application()
    {
        await _hp.OkAsync("create", "Tordek", "--max-hp", "10", "--hit-die", "d10", "--id", "tordek");
        var commandId = Guid.NewGuid().ToString();
        await _hp.OkAsync("level-up", "tordek", "6", "--command-id", commandId, "--expected-version", "0");

        var repeat = await _hp.OkAsync("level-up", "tordek", "6", "--command-id", commandId, "--expected-version", "0");
        Assert.Contains("Hit points     16 / 16", repeat, StringComparison.Ordinal);

        var stale = await _hp.RunAsync("max-hp", "increase", "tordek", "5", "--source", "aid", "--expected-version", "0");
        Assert.True(stale.ExitCode == 4, stale.ToString());
    }

    [Theory]
    [InlineData("stabilize")]
    [InlineData("recover")]
    [InlineData("revive")]
    [InlineData("short-rest")]
    [InlineData("long-rest")]
    [InlineData("level-up")]
    [InlineData("constitution")]
    [InlineData("max-hp")]
    [InlineData("max-hp", "increase")]
    [InlineData("max-hp", "end")]
    [InlineData("max-hp", "reduce")]
    [InlineData("defense")]
    [InlineData("defense", "add")]
    [InlineData("defense", "remove")]
    public async Task Given_help_is_asked_When_running_a_rules_command_Then_every_argument_and_option_is_described(params string[] command)
    {
        var run = await _hp.RunAsync([.. command, "--help"]);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains(string.Join(' ', ["hp", .. command]), run.Out, StringComparison.Ordinal);
        Assert.Contains("--json", run.Out, StringComparison.Ordinal);

        // Each listed argument or option has text after its name: no bare "  <ID>" or "  --by <name>" lines.
        var section = false;
        foreach (var line in run.Out.Split('\n').Select(l => l.TrimEnd()))
        {
            if (line is "Arguments:" or "Options:")
            {
                section = true;
            }
            else if (line.Length == 0)
            {
                section = false;
            }
            else if (section && line.StartsWith("  ", StringComparison.Ordinal) && !line.StartsWith("   ", StringComparison.Ordinal))
            {
                Assert.True(line.Trim().Contains("  ", StringComparison.Ordinal), $"No description: '{line}'\n{run.Out}");
            }
        }
    }

    [Fact]
    public async Task Given_damage_help_When_read_Then_it_shows_the_part_syntax_and_the_old_type_option()
    {
        var help = await _hp.OkAsync("damage", "--help");

        Assert.Contains("hp damage <ID> <PARTS>...", help, StringComparison.Ordinal);
        Assert.Contains("7 slashing 4 fire", help, StringComparison.Ordinal);
        Assert.Contains("--type", help, StringComparison.Ordinal);
        Assert.Contains("--critical", help, StringComparison.Ordinal);
        Assert.Contains("--knock-out", help, StringComparison.Ordinal);
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
