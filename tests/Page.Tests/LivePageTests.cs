using System.Diagnostics;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Page.Tests;

/// <summary>Two browsers at one table: what the DM does shows on the players' screen through server-sent events, with no reload.</summary>
[Collection(BrowserFixture.Collection)]
public sealed class LivePageTests(BrowserFixture fixture)
{
    [Fact]
    public async Task Given_the_DMs_page_and_the_players_screen_When_the_DM_deals_damage_Then_the_players_screen_shows_it_within_a_second()
    {
        await fixture.Api.CreateCharacterAsync("Quarion", 16);
        await using var dm = await fixture.OpenAsync();
        await using var players = await fixture.OpenAsync(key: null);
        await Expect(players.Page.Locator("#live-status")).ToHaveTextAsync("Live: changes appear as they happen.");
        await Expect(players.Card("Quarion").Locator(".hp-text")).ToHaveTextAsync("16 / 16");

        await dm.OpenCharacterAsync("Quarion");
        await dm.FillDamageAsync("gnoll", (7, "piercing"));
        await dm.Form("damage").GetByRole(AriaRole.Button, new() { Name = "Deal damage" }).ClickAsync();
        await Expect(dm.Card("Quarion").Locator(".hp-text")).ToHaveTextAsync("9 / 16");
        var applied = Stopwatch.StartNew();

        await Expect(players.Card("Quarion").Locator(".hp-text")).ToHaveTextAsync("9 / 16", new() { Timeout = 1000 });
        applied.Stop();
        Assert.True(applied.Elapsed < TimeSpan.FromSeconds(1), $"The players' screen took {applied.Elapsed.TotalMilliseconds:F0} ms.");
        await Expect(players.Page.Locator("#mode")).ToHaveTextAsync("Read-only: the players' screen.");
    }
}
