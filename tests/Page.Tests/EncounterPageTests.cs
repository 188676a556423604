using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Page.Tests;

/// <summary>An API of its own (a fresh in-memory store), so that the board in the screenshot holds only this fight.</summary>
public sealed class FightFixture : IAsyncLifetime
{
    public ApiServer Api { get; private set; } = null!;

    public Task InitializeAsync()
    {
        Api = new ApiServer().Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await Api.DisposeAsync();
}

/// <summary>The encounter view: initiative, turns, and an area blow on selected combatants with a save per target.</summary>
[Collection(BrowserFixture.Collection)]
public sealed class EncounterPageTests(BrowserFixture browser, FightFixture fight) : IClassFixture<FightFixture>
{
    [Fact]
    public async Task Given_an_encounter_When_an_area_blow_hits_two_characters_and_one_saves_Then_each_card_shows_its_own_damage()
    {
        var alhandra = await fight.Api.CreateCharacterAsync("Alhandra", 20);
        var devis = await fight.Api.CreateCharacterAsync("Devis", 15);
        await fight.Api.CreateCharacterAsync("Tordek", 12);
        await using var dm = await DmPage.OpenAsync(browser.Chromium.Browser, fight.Api, ApiServer.Key);

        var start = dm.Page.Locator("#start-encounter-form");
        await start.GetByLabel("Name").FillAsync("Goblin ambush");
        await start.GetByLabel("Alhandra", new() { Exact = true }).CheckAsync();
        await start.GetByLabel("Devis", new() { Exact = true }).CheckAsync();
        await start.GetByLabel("Creatures the DM runs (comma-separated)").FillAsync("goblin boss");
        await start.GetByRole(AriaRole.Button, new() { Name = "Start encounter" }).ClickAsync();
        await Expect(dm.Page.Locator("#encounter-title")).ToHaveTextAsync("Encounter: Goblin ambush");
        Assert.Matches("#encounter=", dm.Page.Url);

        var initiative = dm.Page.Locator("#initiative-form");
        await initiative.GetByLabel("Initiative of Alhandra").FillAsync("15");
        await initiative.GetByLabel("Initiative of Devis").FillAsync("12");
        await initiative.GetByLabel("Initiative of goblin boss").FillAsync("18");
        await initiative.GetByRole(AriaRole.Button, new() { Name = "Record initiative" }).ClickAsync();
        await Expect(initiative).ToBeHiddenAsync();
        await dm.Page.Locator("#next-turn-form").GetByRole(AriaRole.Button, new() { Name = "Next turn" }).ClickAsync();
        await Expect(dm.Page.Locator("#encounter-summary")).ToHaveTextAsync("Round 1. goblin boss's turn.");
        await Expect(dm.Page.Locator("#initiative li")).ToHaveTextAsync(["goblin boss (18): acting now", "Alhandra (15) 20 / 20, conscious", "Devis (12) 15 / 15, conscious"]);

        // The goblin boss's fire pot: 10 fire on both, Devis saves for half.
        var area = dm.Page.Locator("#area-damage-form");
        await area.GetByLabel("Damage rolled").FillAsync("10");
        await area.GetByLabel("Damage type").SelectOptionAsync("fire");
        await area.GetByLabel("Source").FillAsync("fire pot");
        await area.GetByLabel("Hit Alhandra").CheckAsync();
        await area.GetByLabel("Hit Devis").CheckAsync();
        await area.GetByLabel("Devis saved").CheckAsync();
        await area.GetByRole(AriaRole.Button, new() { Name = "Deal area damage" }).ClickAsync();

        await Expect(dm.Card("Alhandra").Locator(".hp-text")).ToHaveTextAsync("10 / 20");
        await Expect(dm.Card("Devis").Locator(".hp-text")).ToHaveTextAsync("10 / 15");
        await Expect(dm.Card("Tordek").Locator(".hp-text")).ToHaveTextAsync("12 / 12");
        // The encounter log: started, initiative, round 1, the fire pot, then Alhandra's and Devis's damage (newest first).
        await Expect(dm.Page.Locator("#combat-log li")).ToHaveCountAsync(6);
        await Expect(dm.Page.Locator("#combat-log li").First).ToContainTextAsync("fire pot");
        Assert.Equal(10, (await fight.Api.GetCharacterAsync(alhandra)).CurrentHitPoints);
        Assert.Equal(10, (await fight.Api.GetCharacterAsync(devis)).CurrentHitPoints);

        await dm.Page.Locator("#next-turn-form").GetByRole(AriaRole.Button, new() { Name = "Next turn" }).ClickAsync();
        await Expect(dm.Page.Locator("#encounter-summary")).ToHaveTextAsync("Round 1. Alhandra's turn.");
        await Expect(dm.Page.Locator("#initiative li[aria-current='step']")).ToContainTextAsync("Alhandra");

        await dm.Page.EvaluateAsync("window.scrollTo(0, 0)");
        await dm.Page.ScreenshotAsync(new PageScreenshotOptions { Path = Repository.ScreenshotPath("board-in-a-fight.png") });
        Assert.Empty(dm.PageErrors);
    }
}
