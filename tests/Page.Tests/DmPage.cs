using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Page.Tests;

/// <summary>One browser tab on the page, driven the way a person would: by labels, buttons and typed text.</summary>
public sealed class DmPage : IAsyncDisposable
{
    private readonly IBrowserContext _context;

    private DmPage(IBrowserContext context, IPage page, ApiServer api)
    {
        _context = context;
        Page = page;
        Api = api;
    }

    public IPage Page { get; }

    public ApiServer Api { get; }

    public static async Task<DmPage> OpenAsync(
        IBrowser browser, ApiServer api, string? key, BrowserNewContextOptions? options = null, string expectedMode = "DM: actions are on.", bool live = true)
    {
        var context = await browser.NewContextAsync(options ?? new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        context.SetDefaultTimeout(10_000);
        if (!live)
        {
            // A screen that lost its live connection: it misses what others do.
            await context.RouteAsync("**/board/events**", route => route.AbortAsync());
        }

        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add(error);
        await page.GotoAsync(api.BaseUrl.ToString());
        var dm = new DmPage(context, page, api) { PageErrors = errors };
        if (key is not null)
        {
            await dm.UseKeyAsync(key, expectedMode);
        }

        return dm;
    }

    /// <summary>Uncaught script errors in the page; a test can assert there were none.</summary>
    public IReadOnlyList<string> PageErrors { get; private init; } = [];

    public ILocator Board => Page.Locator("#board");

    public ILocator Form(string id) => Page.Locator($"#{id}-form");

    public ILocator Card(string name) => Page.Locator($"li.card[data-character-name='{name}']");

    public async Task UseKeyAsync(string key, string expectedMode = "DM: actions are on.")
    {
        await Page.GetByLabel("DM's API key").FillAsync(key);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Use key" }).ClickAsync();
        await Expect(Page.Locator("#mode")).ToHaveTextAsync(expectedMode);
    }

    public async Task CreateCharacterAsync(string name, int maximumHitPoints, string? hitDie = null)
    {
        var form = Form("create");
        if (hitDie is not null)
        {
            await form.GetByLabel("Hit Die (optional)").SelectOptionAsync(hitDie);
        }

        await form.GetByLabel("Name").FillAsync(name);
        await form.GetByLabel("Hit point maximum").FillAsync(maximumHitPoints.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await form.GetByRole(AriaRole.Button, new() { Name = "Create character" }).ClickAsync();
        await Expect(Page.Locator("#character-title")).ToHaveTextAsync(name);
    }

    public async Task OpenCharacterAsync(string name)
    {
        await Card(name).GetByRole(AriaRole.Button, new() { Name = $"Open {name}" }).ClickAsync();
        await Expect(Page.Locator("#character-title")).ToHaveTextAsync(name);
    }

    /// <summary>Fills the damage form with one part per (amount, type), and the source.</summary>
    public async Task FillDamageAsync(string source, params (int Amount, string Type)[] parts)
    {
        var form = Form("damage");
        for (var i = 0; i < parts.Length; i++)
        {
            if (i > 0)
            {
                await form.GetByRole(AriaRole.Button, new() { Name = "Add a damage type" }).ClickAsync();
            }

            await form.GetByLabel($"Amount {i + 1}", new() { Exact = true }).FillAsync(parts[i].Amount.ToString(System.Globalization.CultureInfo.InvariantCulture));
            await form.GetByLabel($"Damage type {i + 1}", new() { Exact = true }).SelectOptionAsync(parts[i].Type);
        }

        await form.GetByLabel("Source").FillAsync(source);
    }

    public async Task DealDamageAsync(string source, params (int Amount, string Type)[] parts)
    {
        var version = await CurrentVersionAsync();
        await FillDamageAsync(source, parts);
        await Form("damage").GetByRole(AriaRole.Button, new() { Name = "Deal damage" }).ClickAsync();
        await Expect(Page.Locator("#character")).Not.ToHaveAttributeAsync("data-version", version.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Expect(Form("damage").Locator(".form-message")).ToContainTextAsync("damage dealt");
    }

    public async Task<long> CurrentVersionAsync() =>
        long.Parse(await Page.Locator("#character").GetAttributeAsync("data-version") ?? "-1", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// Takes a screenshot the README shows. It replaces the committed one in docs/screenshots only when
    /// UPDATE_SCREENSHOTS=1, so that a test run leaves the working tree clean; otherwise it goes to a temporary folder.
    /// </summary>
    public static async Task ScreenshotAsync(ILocator what, string fileName)
    {
        var path = Repository.ScreenshotPath(fileName);
        await what.ScreenshotAsync(new LocatorScreenshotOptions { Path = path, Animations = ScreenshotAnimations.Disabled });
        Assert.True(new FileInfo(path).Length > 1000, $"The screenshot {path} is empty.");
    }

    public async ValueTask DisposeAsync() => await _context.CloseAsync();
}
