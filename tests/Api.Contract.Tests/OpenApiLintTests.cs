using System.ComponentModel;
using System.Diagnostics;
using System.Text.Json;
using Xunit.Abstractions;

namespace Api.Contract.Tests;

/// <summary>
/// Redocly's recommended ruleset, run through npx at a pinned version against the document the running API serves.
/// No rule is turned off and no problem is ignored. npx needs Node.js and the npm registry (the first run downloads
/// the CLI into npm's cache); without them the test fails and says so.
/// </summary>
public sealed class OpenApiLintTests(LiveApi api, ITestOutputHelper output) : IClassFixture<LiveApi>
{
    public const string RedoclyCli = "@redocly/cli@2.77.0";

    [Fact]
    public async Task Given_the_live_OpenAPI_document_When_Redocly_lints_it_with_the_recommended_rules_Then_there_are_no_errors()
    {
        var (exitCode, stdout, stderr) = await RunAsync(
            "npx", ["--yes", RedoclyCli, "lint", "--extends=recommended", "--format=json", api.DocumentAddress.ToString()]);

        var json = stdout.IndexOf('{', StringComparison.Ordinal) is var start and >= 0 ? stdout[start..] : null;
        Assert.True(json is not null, Unreachable(exitCode, stdout, stderr));
        using var report = JsonDocument.Parse(json);
        var totals = report.RootElement.GetProperty("totals");
        var errors = totals.GetProperty("errors").GetInt32();
        var warnings = totals.GetProperty("warnings").GetInt32();
        var problems = report.RootElement.GetProperty("problems").EnumerateArray()
            .Select(p => $"{p.GetProperty("severity").GetString()} {p.GetProperty("ruleId").GetString()}: {p.GetProperty("message").GetString()}"
                + $" at {string.Join(", ", p.GetProperty("location").EnumerateArray().Select(l => l.GetProperty("pointer").GetString()))}")
            .ToList();
        output.WriteLine($"Redocly {RedoclyCli} recommended lint of {api.DocumentAddress}: {errors} errors, {warnings} warnings");
        problems.ForEach(output.WriteLine);

        Assert.True(errors == 0, $"Redocly found {errors} errors:{Environment.NewLine}{string.Join(Environment.NewLine, problems)}");
        Assert.Equal(0, exitCode);
    }

    private static string Unreachable(int exitCode, string stdout, string stderr) =>
        $"npx {RedoclyCli} gave no lint report (exit {exitCode}). It needs Node.js with npx on the PATH and the npm registry "
        + $"(or npm's cache from an earlier run) to fetch {RedoclyCli}. Output:{Environment.NewLine}{stdout}{Environment.NewLine}{stderr}";

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string file, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // Redocly asks to send usage data unless told not to; a test sends nothing anywhere but to npm.
        start.Environment["REDOCLY_TELEMETRY"] = "off";
        start.Environment["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true";
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start.");
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException(
                $"Could not start {file}: Node.js with npx is needed to lint the OpenAPI document with {RedoclyCli} ({e.Message}).", e);
        }

        using (process)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
            var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
            await process.WaitForExitAsync(timeout.Token);
            return (process.ExitCode, await stdout, await stderr);
        }
    }
}
