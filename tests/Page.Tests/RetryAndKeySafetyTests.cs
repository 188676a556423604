using System.Net.Http.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Page.Tests;

/// <summary>An API whose reads need a key (Api:RequireKeyForReads), for the encounter's 2 s check.</summary>
public sealed class KeyedReadsFixture : IAsyncLifetime
{
    public ApiServer Api { get; private set; } = null!;

    public Task InitializeAsync()
    {
        Api = new ApiServer(new Dictionary<string, string?> { ["Api:RequireKeyForReads"] = "true" }).Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await Api.DisposeAsync();
}

/// <summary>
/// A command whose answer was lost keeps its Idempotency-Key whatever the DM clicks meanwhile; the key box never puts
/// the key in an address; the encounter's check sends the key and sees hit points change.
/// </summary>
[Collection(BrowserFixture.Collection)]
public sealed class RetryAndKeySafetyTests(BrowserFixture fixture, KeyedReadsFixture keyed) : IClassFixture<KeyedReadsFixture>
{
    [Fact]
    public async Task Given_damage_whose_answer_was_lost_When_the_DM_opens_the_character_again_and_presses_again_Then_it_is_applied_once()
    {
        await using var dm = await fixture.OpenAsync();
        await dm.CreateCharacterAsync("Thokk", 20);
        var id = await dm.Card("Thokk").GetAttributeAsync("data-character-id");
        await dm.FillDamageAsync("ogre", (7, "bludgeoning"));
        var lost = await LoseFirstAnswerAsync(dm.Page, "**/damage");
        var deal = dm.Form("damage").GetByRole(AriaRole.Button, new() { Name = "Deal damage" });
        await deal.ClickAsync();
        await Expect(dm.Form("damage").Locator(".form-message")).ToContainTextAsync("No answer from the server");

        // The DM clicks the card (the page reads the character again, now at version 1), then presses again.
        await dm.OpenCharacterAsync("Thokk");
        await Expect(dm.Page.Locator("#character")).ToHaveAttributeAsync("data-version", "1");
        await deal.ClickAsync();

        await Expect(dm.Form("damage").Locator(".form-message")).ToContainTextAsync("damage dealt");
        var thokk = await dm.Api.GetCharacterAsync(id!);
        Assert.Equal((13, 1L), (thokk.CurrentHitPoints, thokk.Version));
        Assert.Equal(2, lost());
    }

    [Fact]
    public async Task Given_area_damage_whose_answer_was_lost_When_the_DM_clicks_a_character_card_and_presses_again_Then_it_is_applied_once()
    {
        var alhandra = await fixture.Api.CreateCharacterAsync("Ulfgar", 20);
        var devis = await fixture.Api.CreateCharacterAsync("Shandri", 15);
        var encounter = await StartEncounterAsync(fixture.Api, "Owlbear den", alhandra, devis);
        await using var dm = await fixture.OpenAsync();
        await dm.Page.EvaluateAsync($"location.hash = 'encounter={encounter}'");
        await Expect(dm.Page.Locator("#encounter-title")).ToHaveTextAsync("Encounter: Owlbear den");

        var area = dm.Page.Locator("#area-damage-form");
        await area.GetByLabel("Damage rolled").FillAsync("8");
        await area.GetByLabel("Damage type").SelectOptionAsync("cold");
        await area.GetByLabel("Source").FillAsync("ice storm");
        await area.GetByLabel("Hit Ulfgar").CheckAsync();
        var lost = await LoseFirstAnswerAsync(dm.Page, "**/area-damage");
        var deal = area.GetByRole(AriaRole.Button, new() { Name = "Deal area damage" });
        await deal.ClickAsync();
        await Expect(area.Locator(".form-message")).ToContainTextAsync("No answer from the server");

        // The DM clicks a character's card; the screen catches up with the encounter (version 1) before pressing again.
        await dm.OpenCharacterAsync("Shandri");
        await Expect(dm.Page.Locator("#encounter")).ToHaveAttributeAsync("data-version", "1");
        await deal.ClickAsync();

        await Expect(area.Locator(".form-message")).ToContainTextAsync("area damage dealt");
        Assert.Equal(12, (await fixture.Api.GetCharacterAsync(alhandra)).CurrentHitPoints);
        Assert.Equal(15, (await fixture.Api.GetCharacterAsync(devis)).CurrentHitPoints);
        Assert.Equal(2, lost());
    }

    [Fact]
    public async Task Given_no_script_and_no_content_security_policy_When_the_key_is_typed_and_Enter_pressed_Then_the_key_is_in_no_request()
    {
        // The worst case: the page's script did not run and a proxy dropped the CSP header (whose form-action 'none'
        // would otherwise block any native submission).
        var context = await fixture.Chromium.Browser.NewContextAsync(new BrowserNewContextOptions { JavaScriptEnabled = false });
        await using var _ = context;
        context.SetDefaultTimeout(10_000);
        await context.RouteAsync("**/*", async route =>
        {
            if (route.Request.ResourceType != "document")
            {
                await route.ContinueAsync();
                return;
            }

            var response = await route.FetchAsync();
            var headers = response.Headers.Where(h => !h.Key.Equals("content-security-policy", StringComparison.OrdinalIgnoreCase))
                .ToDictionary(h => h.Key, h => h.Value);
            await route.FulfillAsync(new RouteFulfillOptions { Response = response, Headers = headers });
        });
        var page = await context.NewPageAsync();
        var requests = new List<string>();
        page.Request += (_, request) => requests.Add($"{request.Method} {request.Url} {request.PostData}");
        await page.GotoAsync(fixture.Api.BaseUrl.ToString());

        var input = page.GetByLabel("DM's API key");
        var name = await input.GetAttributeAsync("name");
        await input.FillAsync(ApiServer.Key);
        var submitted = await page.RunAndWaitForRequestAsync(() => input.PressAsync("Enter"), r => r.IsNavigationRequest);
        await page.WaitForLoadStateAsync();

        Assert.DoesNotContain(requests, r => r.Contains(ApiServer.Key, StringComparison.Ordinal));
        Assert.DoesNotContain(ApiServer.Key, page.Url, StringComparison.Ordinal);
        Assert.Equal("POST", submitted.Method);
        Assert.Null(name);
    }

    [Fact]
    public async Task Given_reads_need_a_key_and_no_live_connection_When_a_combatant_is_hurt_behind_the_page_Then_the_encounters_check_shows_the_new_hit_points()
    {
        var gimble = await keyed.Api.CreateCharacterAsync("Gimble", 18);
        var encounter = await StartEncounterAsync(keyed.Api, "Kobold warren", gimble);
        await using var dm = await DmPage.OpenAsync(fixture.Chromium.Browser, keyed.Api, ApiServer.Key, live: false);
        await dm.Page.EvaluateAsync($"location.hash = 'encounter={encounter}'");
        var row = dm.Page.Locator("#initiative li");
        await Expect(row).ToHaveTextAsync("Gimble (no initiative yet) 18 / 18, conscious");

        // Straight to Gimble's stream: the encounter's own version stays 0; only its characters' versions move.
        using var http = keyed.Api.Http();
        var hit = await http.PostAsJsonAsync($"characters/{gimble}/damage", new { parts = new[] { new { amount = 5, damageType = "piercing" } }, source = "kobold spear" });
        hit.EnsureSuccessStatusCode();

        await Expect(row).ToHaveTextAsync("Gimble (no initiative yet) 13 / 18, conscious");
        await Expect(dm.Card("Gimble").Locator(".hp-text")).ToHaveTextAsync("13 / 18");
        await Expect(dm.Page.Locator("#encounter")).ToHaveAttributeAsync("data-version", "0");
    }

    // The first request to the address reaches the API and is applied; the browser never sees its answer.
    private static async Task<Func<int>> LoseFirstAnswerAsync(IPage page, string address)
    {
        var count = 0;
        await page.RouteAsync(address, async route =>
        {
            if (Interlocked.Increment(ref count) == 1)
            {
                await route.FetchAsync();
                await route.AbortAsync("connectionreset");
                return;
            }

            await route.ContinueAsync();
        });
        return () => Volatile.Read(ref count);
    }

    private static async Task<string> StartEncounterAsync(ApiServer api, string name, params string[] characterIds)
    {
        using var http = api.Http();
        using var response = await http.PostAsJsonAsync("encounters", new { name, characterIds });
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        return body.GetProperty("encounterId").GetString()!;
    }
}
