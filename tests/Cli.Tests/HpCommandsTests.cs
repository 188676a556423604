using System.Text.Json;
using EventSourcing;
using Microsoft.Extensions.DependencyInjection;
using NSubstitute;
using NSubstitute.ExceptionExtensions;

namespace Cli.Tests;

public sealed class HpCommandsTests
{
    private readonly CliSession _hp = new();

    [Fact]
    public async Task Given_the_reference_scenario_When_a_DM_runs_it_command_by_command_Then_show_says_3_HP()
    {
        var created = await _hp.OkAsync("create", "Tordek", "--max-hp", "8", "--id", "tordek");
        Assert.Contains("Created Tordek (tordek), now at version 0.", created, StringComparison.Ordinal);
        Assert.Contains("Hit points     8 / 8", created, StringComparison.Ordinal);

        var goblin = await _hp.OkAsync("damage", "tordek", "2", "--type", "slashing", "--source", "goblin", "--note", "ambush at the bridge");
        Assert.Contains("Hit points     6 / 8", goblin, StringComparison.Ordinal);

        var bugbear = await _hp.OkAsync("damage", "tordek", "3", "--type", "bludgeoning", "--source", "bugbear");
        Assert.Contains("Damaged Tordek (tordek), now at version 2.", bugbear, StringComparison.Ordinal);

        var show = await _hp.OkAsync("show", "tordek");
        Assert.Contains("Hit points     3 / 8", show, StringComparison.Ordinal);
        Assert.Contains("Condition      conscious", show, StringComparison.Ordinal);
        Assert.Contains("Version        2", show, StringComparison.Ordinal);

        var history = Lines(await _hp.OkAsync("history", "tordek"));
        Assert.Equal(4, history.Length);
        Assert.StartsWith("VERSION", history[0], StringComparison.Ordinal);
        Assert.Contains("created with 8 HP", history[1], StringComparison.Ordinal);
        Assert.Contains("2 slashing from goblin: 2 HP lost", history[2], StringComparison.Ordinal);
        Assert.Contains("3 bludgeoning from bugbear: 3 HP lost", history[3], StringComparison.Ordinal);

        var list = await _hp.OkAsync("list");
        Assert.Contains("tordek", list, StringComparison.Ordinal);

        using var json = JsonDocument.Parse(await _hp.OkAsync("show", "tordek", "--json"));
        Assert.Equal(3, json.RootElement.GetProperty("currentHitPoints").GetInt32());
        Assert.Equal(8, json.RootElement.GetProperty("maximumHitPoints").GetInt32());
        Assert.Equal(2, json.RootElement.GetProperty("version").GetInt64());
        Assert.Equal("conscious", json.RootElement.GetProperty("condition").GetString());
    }

    [Fact]
    public async Task Given_no_id_When_creating_Then_the_generated_id_is_printed_and_works()
    {
        using var json = JsonDocument.Parse(await _hp.OkAsync("create", "Mialee", "--max-hp", "6", "--resist", "fire", "cold", "--vulnerable", "thunder", "--immune", "poison", "--json"));
        var id = json.RootElement.GetProperty("characterId").GetString()!;
        Assert.Equal(0, json.RootElement.GetProperty("version").GetInt64());
        var character = json.RootElement.GetProperty("character");
        Assert.Equal<string>(["cold", "fire"], character.GetProperty("resistances").EnumerateArray().Select(e => e.GetString()!).Order());
        Assert.Equal("thunder", character.GetProperty("vulnerabilities")[0].GetString());
        Assert.Equal("poison", character.GetProperty("immunities")[0].GetString());

        var show = await _hp.OkAsync("show", id);
        Assert.Contains("Resistant to   cold, fire", show, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_a_wounded_character_When_healed_given_temp_HP_and_rested_Then_each_command_prints_the_new_state()
    {
        await _hp.OkAsync("create", "Jozan", "--max-hp", "10", "--id", "jozan");
        await _hp.OkAsync("damage", "jozan", "7", "--type", "fire");

        Assert.Contains("Hit points     6 / 10", await _hp.OkAsync("heal", "jozan", "3"), StringComparison.Ordinal);
        Assert.Contains("Temporary HP   5", await _hp.OkAsync("temp", "jozan", "5"), StringComparison.Ordinal);
        var rest = await _hp.OkAsync("rest", "jozan");
        Assert.Contains("Rested Jozan (jozan), now at version 4.", rest, StringComparison.Ordinal);
        Assert.Contains("Hit points     10 / 10", rest, StringComparison.Ordinal);
        Assert.Contains("Temporary HP   0", rest, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_a_character_at_0_HP_When_three_saves_of_10_or_more_are_rolled_Then_they_are_stable()
    {
        await _hp.OkAsync("create", "Lidda", "--max-hp", "4", "--id", "lidda");
        Assert.Contains("Condition      unconscious", await _hp.OkAsync("damage", "lidda", "4", "--type", "piercing"), StringComparison.Ordinal);

        await _hp.OkAsync("death-save", "lidda", "10");
        await _hp.OkAsync("death-save", "lidda", "15");
        var third = await _hp.OkAsync("death-save", "lidda", "19");
        Assert.Contains("Condition      stable", third, StringComparison.Ordinal);
        Assert.Contains("Death saves    0 successes, 0 failures", third, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_a_long_history_When_paging_with_a_cursor_Then_every_event_comes_once()
    {
        await _hp.OkAsync("create", "Ember", "--max-hp", "100", "--id", "ember");
        for (var i = 0; i < 4; i++)
        {
            await _hp.OkAsync("damage", "ember", "1", "--type", "force");
        }

        using var first = JsonDocument.Parse(await _hp.OkAsync("history", "ember", "--page-size", "3", "--json"));
        Assert.Equal([0L, 1L, 2L], first.RootElement.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("version").GetInt64()));
        var cursor = first.RootElement.GetProperty("nextCursor").GetString()!;

        var text = await _hp.OkAsync("history", "ember", "--page-size", "3");
        Assert.Contains($"More: hp history ember --cursor {cursor}", text, StringComparison.Ordinal);

        using var second = JsonDocument.Parse(await _hp.OkAsync("history", "ember", "--page-size", "3", "--cursor", cursor, "--json"));
        Assert.Equal([3L, 4L], second.RootElement.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("version").GetInt64()));
        Assert.Equal(JsonValueKind.Null, second.RootElement.GetProperty("nextCursor").ValueKind);
    }

    [Fact]
    public async Task Given_several_characters_When_listing_in_pages_Then_all_are_listed()
    {
        Assert.Contains("No characters yet", await _hp.OkAsync("list"), StringComparison.Ordinal);
        foreach (var id in new[] { "a1", "b2", "c3" })
        {
            await _hp.OkAsync("create", id.ToUpperInvariant(), "--max-hp", "5", "--id", id);
        }

        using var first = JsonDocument.Parse(await _hp.OkAsync("list", "--page-size", "2", "--json"));
        var cursor = first.RootElement.GetProperty("nextCursor").GetString()!;
        using var second = JsonDocument.Parse(await _hp.OkAsync("list", "--page-size", "2", "--cursor", cursor, "--json"));
        var ids = first.RootElement.GetProperty("characters").EnumerateArray()
            .Concat(second.RootElement.GetProperty("characters").EnumerateArray())
            .Select(c => c.GetProperty("characterId").GetString());
        Assert.Equal(["a1", "b2", "c3"], ids);

        var table = Lines(await _hp.OkAsync("list"));
        Assert.Equal(["ID", "NAME", "MAX", "HP", "CREATED", "(UTC)"], table[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("a1  A1    5", table[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_a_command_id_When_the_same_command_is_sent_twice_Then_it_is_applied_once()
    {
        await _hp.OkAsync("create", "Regdar", "--max-hp", "12", "--id", "regdar");
        var commandId = Guid.NewGuid().ToString();
        await _hp.OkAsync("damage", "regdar", "5", "--type", "acid", "--command-id", commandId);
        var repeat = await _hp.OkAsync("damage", "regdar", "5", "--type", "acid", "--command-id", commandId);

        Assert.Contains("now at version 1.", repeat, StringComparison.Ordinal);
        Assert.Contains("Hit points     7 / 12", repeat, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("create", "Name", "--max-hp", "0")]
    [InlineData("create", "   ", "--max-hp", "8")]
    [InlineData("create", "Name", "--max-hp", "8", "--id", "not an id!")]
    [InlineData("damage", "tordek", "0", "--type", "fire")]
    [InlineData("damage", "bad id!", "2", "--type", "fire")]
    [InlineData("heal", "tordek", "0")]
    [InlineData("temp", "tordek", "-1")]
    [InlineData("history", "tordek", "--page-size", "0")]
    [InlineData("list", "--page-size", "100000")]
    [InlineData("damage", "tordek", "2", "--type", "fire", "--expected-version", "-5")]
    public async Task Given_a_value_the_application_rejects_When_running_Then_exit_2_names_the_field(params string[] args)
    {
        var run = await _hp.RunAsync(args);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Equal(string.Empty, run.Out);
        Assert.StartsWith("error: invalid input", run.Err, StringComparison.Ordinal);
        var expectedField = args switch
        {
            ["create", _, "--max-hp", "0"] => "--max-hp:",
            ["create", "   ", ..] => "NAME:",
            ["create", .., "--id", _] => "--id:",
            [_, "bad id!", ..] => "ID:",
            ["damage", _, "0", ..] or ["heal", ..] or ["temp", ..] => "AMOUNT:",
            ["history", ..] or ["list", ..] => "--page-size:",
            _ => "--expected-version:",
        };
        Assert.Contains("  " + expectedField, run.Err, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("create", "Name")]
    [InlineData("create", "Name", "--max-hp", "eight")]
    [InlineData("create", "Name", "--max-hp", "8", "--resist", "gravity")]
    [InlineData("damage", "tordek", "2")]
    [InlineData("damage", "tordek", "2", "--type", "sharp")]
    [InlineData("damage", "tordek", "two", "--type", "fire")]
    [InlineData("death-save", "tordek", "maybe")]
    [InlineData("heal", "tordek", "3", "--command-id", "not-a-guid")]
    [InlineData("--store", "postgres", "list")]
    [InlineData("fly", "tordek")]
    [InlineData]
    public async Task Given_a_command_line_that_does_not_parse_When_running_Then_exit_2_with_the_problem_on_stderr(params string[] args)
    {
        var run = await _hp.RunAsync(args);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Equal(string.Empty, run.Out);
        Assert.StartsWith("error: ", run.Err, StringComparison.Ordinal);
        Assert.Contains("--help' for usage.", run.Err, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("show", "ghost")]
    [InlineData("history", "ghost")]
    [InlineData("damage", "ghost", "2", "--type", "fire")]
    [InlineData("heal", "ghost", "2")]
    [InlineData("temp", "ghost", "2")]
    [InlineData("death-save", "ghost", "5")]
    [InlineData("rest", "ghost")]
    public async Task Given_no_such_character_When_running_Then_exit_3(params string[] args)
    {
        var run = await _hp.RunAsync(args);

        Assert.True(run.ExitCode == 3, run.ToString());
        Assert.Equal(string.Empty, run.Out);
        Assert.Equal("error: No character with id 'ghost'.", run.Err.Trim());
    }

    [Fact]
    public async Task Given_a_stale_expected_version_When_damaging_Then_exit_4_with_both_versions_and_nothing_written()
    {
        await _hp.OkAsync("create", "Tordek", "--max-hp", "8", "--id", "tordek");
        await _hp.OkAsync("damage", "tordek", "2", "--type", "slashing", "--expected-version", "0");

        var stale = await _hp.RunAsync("damage", "tordek", "3", "--type", "bludgeoning", "--expected-version", "0");
        Assert.True(stale.ExitCode == 4, stale.ToString());
        Assert.Equal("error: Expected version 0 but the stream is at version 1.", stale.Err.Trim());

        var json = await _hp.RunAsync("heal", "tordek", "1", "--expected-version", "0", "--json");
        Assert.Equal(4, json.ExitCode);
        Assert.Equal(string.Empty, json.Out);
        using var error = JsonDocument.Parse(json.Err);
        Assert.Equal("version-conflict", error.RootElement.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(1, error.RootElement.GetProperty("error").GetProperty("actualVersion").GetInt64());

        Assert.Contains("Hit points     6 / 8", await _hp.OkAsync("show", "tordek"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("death-save", "tordek", "12")]
    [InlineData("create", "Tordek again", "--max-hp", "8", "--id", "tordek")]
    public async Task Given_a_game_rule_forbids_it_When_running_Then_exit_5(params string[] args)
    {
        await _hp.OkAsync("create", "Tordek", "--max-hp", "8", "--id", "tordek");

        var run = await _hp.RunAsync(args);

        Assert.True(run.ExitCode == 5, run.ToString());
        Assert.Equal(string.Empty, run.Out);
        Assert.StartsWith("error: ", run.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_a_dead_character_When_healing_Then_exit_5_with_the_rule_as_json()
    {
        await _hp.OkAsync("create", "Tordek", "--max-hp", "8", "--id", "tordek");
        await _hp.OkAsync("damage", "tordek", "16", "--type", "necrotic");

        var run = await _hp.RunAsync("heal", "tordek", "5", "--json");

        Assert.Equal(5, run.ExitCode);
        using var error = JsonDocument.Parse(run.Err);
        Assert.Equal("character.dead", error.RootElement.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Given_validation_errors_When_asked_for_json_Then_stderr_holds_the_fields()
    {
        var run = await _hp.RunAsync("create", "", "--max-hp", "1001", "--json");

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(string.Empty, run.Out);
        using var error = JsonDocument.Parse(run.Err);
        var fields = error.RootElement.GetProperty("error").GetProperty("fields").EnumerateArray()
            .Select(f => f.GetProperty("field").GetString()).ToList();
        Assert.Equal(["NAME", "--max-hp"], fields);
    }

    [Fact]
    public async Task Given_the_store_is_down_When_running_Then_exit_1_with_a_message_and_no_stack_trace()
    {
        var store = Substitute.For<IEventStore>();
        store.LoadAsync(default, default, default).ThrowsAsyncForAnyArgs(new EventStoreUnavailableException("connection refused"));
        var hp = new CliSession(services => services.AddSingleton(store));

        var run = await hp.RunAsync("damage", "tordek", "2", "--type", "fire");

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Equal(string.Empty, run.Out);
        Assert.Equal("error: the event store is unavailable: connection refused", run.Err.Trim());
        Assert.DoesNotContain(" at ", run.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_an_unknown_provider_in_configuration_When_running_Then_exit_1_names_the_choices()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var code = await CliApp.RunAsync(["list"], output, error, settings: new Dictionary<string, string?> { ["EventStore:Provider"] = "Postgres" });

        Assert.Equal(1, code);
        Assert.Contains("InMemory | DynamoDb", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_store_inmemory_on_the_command_line_When_configuration_names_another_Then_the_option_wins()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var code = await CliApp.RunAsync(
            ["--store", "inmemory", "list"], output, error, settings: new Dictionary<string, string?> { ["EventStore:Provider"] = "Postgres" });

        Assert.True(code == 0, error.ToString());
        Assert.Contains("No characters yet", output.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData]
    [InlineData("create")]
    [InlineData("damage")]
    [InlineData("heal")]
    [InlineData("temp")]
    [InlineData("death-save")]
    [InlineData("long-rest")]
    [InlineData("show")]
    [InlineData("history")]
    [InlineData("list")]
    public async Task Given_help_is_asked_When_running_any_command_Then_usage_goes_to_stdout_with_exit_0(params string[] command)
    {
        var run = await _hp.RunAsync([.. command, "--help"]);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("Usage:", run.Out, StringComparison.Ordinal);
        Assert.Contains(string.Join(' ', ["hp", .. command]), run.Out, StringComparison.Ordinal);
        Assert.Contains("--json", run.Out, StringComparison.Ordinal);
        Assert.Equal(string.Empty, run.Err);
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
