using System.Diagnostics;
using Microsoft.Playwright;

namespace Page.Tests;

/// <summary>
/// Debian's Chromium driven by Playwright (which cannot download its own browser here). The browser is found, or
/// installed once, by scripts/chromium.sh, the same script .ci/run calls, so that `dotnet test Hexagonal.sln` works on a
/// fresh machine. If it cannot be found or installed the tests fail with the script's message; they never skip.
/// </summary>
public sealed class Chromium : IAsyncDisposable
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static Chromium? _shared;

    private readonly IPlaywright _playwright;

    private Chromium(IPlaywright playwright, IBrowser browser, string executable)
    {
        _playwright = playwright;
        Browser = browser;
        Executable = executable;
    }

    public IBrowser Browser { get; }

    public string Executable { get; }

    /// <summary>One browser for the test process; each test opens contexts of its own.</summary>
    public static async Task<Chromium> GetSharedAsync()
    {
        await Gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_shared is null)
            {
                var executable = await EnsureInstalledAsync().ConfigureAwait(false);
                var playwright = await Playwright.CreateAsync().ConfigureAwait(false);
                var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
                {
                    ExecutablePath = executable,
                    Headless = true,
                }).ConfigureAwait(false);
                _shared = new Chromium(playwright, browser, executable);
                AppDomain.CurrentDomain.ProcessExit += (_, _) => _shared.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }

            return _shared;
        }
        finally
        {
            Gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.CloseAsync().ConfigureAwait(false);
        _playwright.Dispose();
    }

    private static async Task<string> EnsureInstalledAsync()
    {
        var script = Path.Combine(Repository.Root, "scripts", "chromium.sh");
        var info = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(script);
        info.ArgumentList.Add("ensure");
        using var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start bash to run scripts/chromium.sh.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().ConfigureAwait(false);
        var path = (await stdout.ConfigureAwait(false)).Trim();
        if (process.ExitCode != 0 || !File.Exists(path))
        {
            throw new InvalidOperationException(
                "The browser tests need Chromium, and scripts/chromium.sh ensure could not find or install it " +
                $"(exit {process.ExitCode}). Install it (Debian: apt-get install -y chromium) or set CHROMIUM_PATH.{Environment.NewLine}" +
                await stderr.ConfigureAwait(false));
        }

        return path;
    }
}

/// <summary>The repository's folders, found from the test's output folder.</summary>
public static class Repository
{
    public static string Root { get; } = FindRoot();

    /// <summary>Where the committed screenshots the README shows live.</summary>
    public static string Screenshots => Path.Combine(Root, "docs", "screenshots");

    /// <summary>
    /// Where a test saves a screenshot: over the committed one only when UPDATE_SCREENSHOTS=1, so that a test run leaves
    /// the working tree clean; otherwise in a temporary folder.
    /// </summary>
    public static string ScreenshotPath(string fileName)
    {
        var folder = Environment.GetEnvironmentVariable("UPDATE_SCREENSHOTS") == "1"
            ? Screenshots
            : Path.Combine(Path.GetTempPath(), "hexagonal-page-screenshots");
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, fileName);
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Hexagonal.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"Hexagonal.sln was not found above {AppContext.BaseDirectory}.");
    }
}
