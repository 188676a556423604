using System.Diagnostics;
using System.Text.Json;
using DynamoDbLocal;

namespace Cli.Tests;

/// <summary>
/// The CLI against the real DynamoDB Local: in-process through the real parser, and as the built <c>hp</c>
/// executable, one process per command, as a DM would run it.
/// </summary>
public sealed class HpDynamoDbTests(DynamoDbLocalFixture dynamo) : IClassFixture<DynamoDbLocalFixture>, IAsyncLifetime
{
    private readonly string _table = DynamoDbLocalServer.NewTableName("cli-tests");

    [Fact]
    public async Task Given_DynamoDB_Local_When_the_reference_scenario_runs_in_process_Then_each_run_sees_the_previous_ones()
    {
        Assert.Contains("Hit points     8 / 8", await OkAsync("create", "Tordek", "--max-hp", "8", "--id", "tordek"), StringComparison.Ordinal);
        await OkAsync("damage", "tordek", "2", "--type", "slashing", "--source", "goblin");
        await OkAsync("damage", "tordek", "3", "--type", "bludgeoning", "--source", "bugbear");

        var show = await OkAsync("show", "tordek");
        Assert.Contains("Hit points     3 / 8", show, StringComparison.Ordinal);
        Assert.Contains("Version        2", show, StringComparison.Ordinal);
        Assert.Contains("3 bludgeoning from bugbear: 3 HP lost", await OkAsync("history", "tordek"), StringComparison.Ordinal);
        Assert.Contains("tordek", await OkAsync("list"), StringComparison.Ordinal);

        var conflict = await RunAsync("heal", "tordek", "1", "--expected-version", "1");
        Assert.Equal(4, conflict.ExitCode);
        var missing = await RunAsync("show", "ghost");
        Assert.Equal(3, missing.ExitCode);
    }

    [Fact]
    public async Task Given_DynamoDB_Local_When_the_goblin_ambush_runs_in_process_Then_Tordek_is_stable_and_Mialee_at_6() =>
        EncounterCommandsTests.AssertAmbushEnd(await EncounterCommandsTests.GoblinAmbushAsync(args => OkAsync(args)));

    [Fact]
    public async Task Given_the_built_hp_When_run_as_processes_over_DynamoDB_Local_Then_the_reference_scenario_ends_at_3_HP()
    {
        var created = await HpAsync("create", "Tordek", "--max-hp", "8", "--id", "tordek-p", "--json");
        Assert.True(created.ExitCode == 0, created.ToString());
        Assert.Equal(0, JsonDocument.Parse(created.Out).RootElement.GetProperty("version").GetInt64());
        Assert.Equal(0, (await HpAsync("damage", "tordek-p", "2", "--type", "slashing", "--source", "goblin")).ExitCode);
        Assert.Equal(0, (await HpAsync("damage", "tordek-p", "3", "--type", "bludgeoning", "--source", "bugbear")).ExitCode);

        var show = await HpAsync("show", "tordek-p");
        Assert.True(show.ExitCode == 0, show.ToString());
        Assert.Contains("Hit points     3 / 8", show.Out, StringComparison.Ordinal);

        var invalid = await HpAsync("damage", "tordek-p", "0", "--type", "fire");
        Assert.Equal(2, invalid.ExitCode);
        Assert.Equal(string.Empty, invalid.Out);
        Assert.Contains("AMOUNT:", invalid.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_the_built_hp_When_DynamoDB_does_not_answer_Then_it_exits_1_with_a_message()
    {
        // Port 9 (discard) on loopback: nothing listens there.
        var run = await HpAsync(
            new Dictionary<string, string?> { ["DynamoDb__ServiceUrl"] = "http://127.0.0.1:9", ["DynamoDb__MaxErrorRetry"] = "0" },
            "show", "tordek");

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Equal(string.Empty, run.Out);
        Assert.StartsWith("error: ", run.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Err, StringComparison.Ordinal);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => dynamo.Server.DeleteTableAsync(_table);

    private Dictionary<string, string?> Settings() => new(dynamo.Server.ConfigurationFor(_table)) { ["EventStore:Provider"] = "DynamoDb" };

    private async Task<CliRun> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await CliApp.RunAsync(args, output, error, settings: Settings());
        return new CliRun(code, output.ToString(), error.ToString());
    }

    private async Task<string> OkAsync(params string[] args)
    {
        var run = await RunAsync(args);
        Assert.True(run.ExitCode == 0, run.ToString());
        return run.Out;
    }

    private Task<CliRun> HpAsync(params string[] args) => HpAsync([], args);

    /// <summary>Runs the built executable with the store given through environment variables, as the README shows.</summary>
    private async Task<CliRun> HpAsync(Dictionary<string, string?> environment, params string[] args)
    {
        var apphost = Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "hp.exe" : "hp");
        var start = File.Exists(apphost)
            ? new ProcessStartInfo(apphost)
            : new ProcessStartInfo("dotnet") { ArgumentList = { Path.Combine(AppContext.BaseDirectory, "hp.dll") } };
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in Settings())
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return new CliRun(process.ExitCode, await output, await error);
    }
}
