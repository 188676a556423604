using System.Net.Http.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Page.Tests;

/// <summary>The character part of the page, typed into a real Chromium against the real API (in-memory store).</summary>
[Collection(BrowserFixture.Collection)]
public sealed class CharacterPageTests(BrowserFixture fixture)
{
    [Fact]
    public async Task Given_the_reference_scenario_When_typed_into_the_page_Then_the_board_shows_3_of_8_and_the_history_its_three_events()
    {
        await using var dm = await fixture.OpenAsync();

        await dm.CreateCharacterAsync("Tordek", 8);
        await dm.DealDamageAsync("goblin", (2, "slashing"));
        await dm.DealDamageAsync("bugbear", (3, "bludgeoning"));

        await Expect(dm.Card("Tordek").Locator(".hp-text")).ToHaveTextAsync("3 / 8");
        var rows = dm.Page.Locator("#history tbody tr");
        await Expect(rows).ToHaveCountAsync(3);
        await Expect(rows.Nth(1)).ToContainTextAsync("2 slashing from goblin: 2 HP lost");
        await Expect(rows.Nth(2)).ToContainTextAsync("3 bludgeoning from bugbear: 3 HP lost");
        await Expect(rows.Nth(2).Locator("td").Last).ToHaveTextAsync("3 / 8");
        // The chart has one point per event, and the API agrees with what the page shows.
        await Expect(dm.Page.Locator("#chart svg circle.dot-hp")).ToHaveCountAsync(3);
        var id = await dm.Card("Tordek").GetAttributeAsync("data-character-id");
        var tordek = await dm.Api.GetCharacterAsync(id!);
        Assert.Equal((3, 8, 2L), (tordek.CurrentHitPoints, tordek.MaximumHitPoints, tordek.Version));
        Assert.Empty(dm.PageErrors);
    }

    [Fact]
    public async Task Given_a_hit_of_several_types_When_critical_with_temporary_hit_points_Then_the_bar_and_chart_show_both()
    {
        await using var dm = await fixture.OpenAsync();
        await dm.CreateCharacterAsync("Mialee", 30);

        var temporary = dm.Form("temporary");
        await temporary.GetByLabel("Temporary hit points").FillAsync("6");
        await temporary.GetByLabel("Source").FillAsync("false life");
        await temporary.GetByRole(AriaRole.Button, new() { Name = "Grant temporary HP" }).ClickAsync();
        await Expect(dm.Card("Mialee").Locator(".hp-text")).ToHaveTextAsync("30 / 30 + 6 temp");

        await dm.FillDamageAsync("ogre", (7, "bludgeoning"), (4, "fire"));
        await dm.Form("damage").GetByLabel("Critical hit (dice doubled)").CheckAsync();
        await dm.Form("damage").GetByRole(AriaRole.Button, new() { Name = "Deal damage" }).ClickAsync();
        // 11 damage: 6 absorbed by the temporary hit points, 5 lost.
        await Expect(dm.Card("Mialee").Locator(".hp-text")).ToHaveTextAsync("25 / 30");
        await Expect(dm.Page.Locator("#history tbody tr").Last).ToContainTextAsync("(critical)");

        var healing = dm.Form("healing");
        await healing.GetByLabel("Hit points healed").FillAsync("3");
        await healing.GetByLabel("Source").FillAsync("potion of healing");
        await healing.GetByRole(AriaRole.Button, new() { Name = "Heal" }).ClickAsync();
        await Expect(dm.Card("Mialee").Locator(".hp-text")).ToHaveTextAsync("28 / 30");
        await Expect(dm.Page.Locator("#history tbody tr").Last).ToContainTextAsync("healed 3 from potion of healing");
        await Expect(dm.Page.Locator("#chart svg circle.dot-hp")).ToHaveCountAsync(4);
        await DmPage.ScreenshotAsync(dm.Page.Locator("#character-history"), "character-hp-chart.png");
    }

    [Fact]
    public async Task Given_a_dying_character_When_the_DM_rolls_death_saves_stabilises_rests_and_levels_up_Then_each_shows_on_the_board()
    {
        await using var dm = await fixture.OpenAsync();
        await dm.CreateCharacterAsync("Eberk", 10, hitDie: "d10");
        await dm.DealDamageAsync("hobgoblin", (10, "slashing"));
        await Expect(dm.Card("Eberk").Locator(".condition")).ToHaveTextAsync("unconscious");

        var deathSave = dm.Form("death-save");
        await deathSave.GetByLabel("Natural d20").FillAsync("4");
        await deathSave.GetByRole(AriaRole.Button, new() { Name = "Record death save" }).ClickAsync();
        await Expect(dm.Card("Eberk").Locator(".pip.failure.filled")).ToHaveCountAsync(1);
        await Expect(dm.Card("Eberk").Locator(".death-saves-text")).ToHaveTextAsync("Death saves: 0 successes, 1 failure");

        // The d20 button fills the field with a roll from 1 to 20.
        await deathSave.GetByRole(AriaRole.Button, new() { Name = "Roll a d20" }).ClickAsync();
        var rolled = int.Parse(await deathSave.GetByLabel("Natural d20").InputValueAsync(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(rolled, 1, 20);
        await deathSave.GetByLabel("Natural d20").FillAsync("");

        var stabilise = dm.Form("stabilize");
        await stabilise.GetByLabel("How").SelectOptionAsync("spare-the-dying");
        await stabilise.GetByLabel("By").FillAsync("Jozan");
        await stabilise.GetByRole(AriaRole.Button, new() { Name = "Stabilise" }).ClickAsync();
        await Expect(dm.Card("Eberk").Locator(".condition")).ToHaveTextAsync("stable");

        // SRD 5.1 (Resting): a long rest needs at least 1 hit point at its start, so a potion first.
        await dm.Form("healing").GetByLabel("Hit points healed").FillAsync("2");
        await dm.Form("healing").GetByRole(AriaRole.Button, new() { Name = "Heal" }).ClickAsync();
        await Expect(dm.Card("Eberk").Locator(".hp-text")).ToHaveTextAsync("2 / 10");
        await Expect(dm.Card("Eberk").Locator(".pip.filled")).ToHaveCountAsync(0);

        await dm.Form("long-rest").GetByRole(AriaRole.Button, new() { Name = "Take a long rest" }).ClickAsync();
        await Expect(dm.Card("Eberk").Locator(".hp-text")).ToHaveTextAsync("10 / 10");
        await Expect(dm.Card("Eberk").Locator(".condition")).ToHaveTextAsync("conscious");

        await dm.Form("level-up").GetByLabel("Hit point maximum increase").FillAsync("7");
        await dm.Form("level-up").GetByRole(AriaRole.Button, new() { Name = "Gain a level" }).ClickAsync();
        await Expect(dm.Card("Eberk").Locator(".hp-text")).ToHaveTextAsync("17 / 17");

        await dm.DealDamageAsync("wolf", (5, "piercing"));
        var shortRest = dm.Form("short-rest");
        await shortRest.GetByLabel("Hit Dice rolled, one number each").FillAsync("3");
        await shortRest.GetByRole(AriaRole.Button, new() { Name = "Spend Hit Dice" }).ClickAsync();
        await Expect(shortRest.Locator(".form-message")).ToContainTextAsync("Hit Dice spent");
        await Expect(dm.Card("Eberk").Locator(".hp-text")).ToHaveTextAsync("15 / 17");
        Assert.Empty(dm.PageErrors);
    }

    [Fact]
    public async Task Given_the_damage_button_When_double_clicked_Then_the_damage_is_applied_once()
    {
        await using var dm = await fixture.OpenAsync();
        await dm.CreateCharacterAsync("Lidda", 12);
        await dm.FillDamageAsync("kobold", (4, "piercing"));

        await dm.Form("damage").GetByRole(AriaRole.Button, new() { Name = "Deal damage" }).DblClickAsync();

        await Expect(dm.Form("damage").Locator(".form-message")).ToContainTextAsync("damage dealt");
        var id = await dm.Card("Lidda").GetAttributeAsync("data-character-id");
        var lidda = await dm.Api.GetCharacterAsync(id!);
        Assert.Equal((8, 1L), (lidda.CurrentHitPoints, lidda.Version));
        await Expect(dm.Card("Lidda").Locator(".hp-text")).ToHaveTextAsync("8 / 12");
    }

    [Fact]
    public async Task Given_an_answer_lost_on_the_way_back_When_the_DM_presses_again_Then_the_same_command_is_applied_once()
    {
        await using var dm = await fixture.OpenAsync();
        await dm.CreateCharacterAsync("Soveliss", 20);
        await dm.FillDamageAsync("orc", (6, "slashing"));

        // The first request reaches the API and is applied, but the browser never sees the answer.
        var lost = 0;
        await dm.Page.RouteAsync("**/damage", async route =>
        {
            if (Interlocked.Increment(ref lost) == 1)
            {
                await route.FetchAsync();
                await route.AbortAsync("connectionreset");
                return;
            }

            await route.ContinueAsync();
        });
        var deal = dm.Form("damage").GetByRole(AriaRole.Button, new() { Name = "Deal damage" });
        await deal.ClickAsync();
        await Expect(dm.Form("damage").Locator(".form-message")).ToContainTextAsync("No answer from the server");

        await deal.ClickAsync();

        await Expect(dm.Form("damage").Locator(".form-message")).ToContainTextAsync("damage dealt");
        var id = await dm.Card("Soveliss").GetAttributeAsync("data-character-id");
        var soveliss = await dm.Api.GetCharacterAsync(id!);
        Assert.Equal((14, 1L), (soveliss.CurrentHitPoints, soveliss.Version));
        Assert.Equal(2, lost);
    }

    [Fact]
    public async Task Given_a_stale_screen_When_the_DM_acts_Then_changed_meanwhile_and_the_fresh_state_is_shown()
    {
        await using var dm = await fixture.OpenAsync(live: false);
        await dm.CreateCharacterAsync("Nebin", 15);
        var id = await dm.Card("Nebin").GetAttributeAsync("data-character-id");

        // Someone else deals damage; this screen still shows version 0.
        using (var other = dm.Api.Http())
        {
            using var response = await other.PostAsJsonAsync($"characters/{id}/damage", new { parts = new[] { new { amount = 5, damageType = "fire" } }, source = "the other DM" });
            response.EnsureSuccessStatusCode();
        }

        await Expect(dm.Card("Nebin").Locator(".hp-text")).ToHaveTextAsync("15 / 15");
        var healing = dm.Form("healing");
        await healing.GetByLabel("Hit points healed").FillAsync("2");
        await healing.GetByRole(AriaRole.Button, new() { Name = "Heal" }).ClickAsync();

        await Expect(healing.Locator(".form-message")).ToContainTextAsync("Nebin changed meanwhile: you saw version 0, it is now at version 1. Nothing was applied.");
        await Expect(dm.Card("Nebin").Locator(".hp-text")).ToHaveTextAsync("10 / 15");
        await Expect(dm.Page.Locator("#character")).ToHaveAttributeAsync("data-version", "1");
        var nebin = await dm.Api.GetCharacterAsync(id!);
        Assert.Equal((10, 1L), (nebin.CurrentHitPoints, nebin.Version));
    }

    [Fact]
    public async Task Given_invalid_input_When_submitted_Then_the_API_error_is_shown_next_to_the_field_it_names()
    {
        await using var dm = await fixture.OpenAsync();
        await dm.CreateCharacterAsync("Kerwyn", 9);

        // An empty amount: the API answers 400 naming "amount".
        var healing = dm.Form("healing");
        await healing.GetByRole(AriaRole.Button, new() { Name = "Heal" }).ClickAsync();
        var amountField = healing.Locator("[data-field='amount']");
        await Expect(amountField.Locator(".field-error")).ToHaveTextAsync("'amount' is required.");
        await Expect(healing.GetByLabel("Hit points healed")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(healing.GetByLabel("Hit points healed")).ToBeFocusedAsync();

        // The second part of a hit: the API names "parts[1].amount", and the message sits next to that amount.
        await dm.FillDamageAsync("trap", (2, "piercing"), (0, "poison"));
        await dm.Form("damage").GetByRole(AriaRole.Button, new() { Name = "Deal damage" }).ClickAsync();
        var second = dm.Form("damage").Locator("[data-field='parts[1].amount']");
        await Expect(second.Locator(".field-error")).ToContainTextAsync("between 1 and");
        await Expect(dm.Form("damage").Locator("[data-field='parts[0].amount'] .field-error")).ToHaveCountAsync(0);

        // A broken rule (422): its message is shown.
        await dm.Form("death-save").GetByLabel("Natural d20").FillAsync("12");
        await dm.Form("death-save").GetByRole(AriaRole.Button, new() { Name = "Record death save" }).ClickAsync();
        await Expect(dm.Form("death-save").Locator(".form-message"))
            .ToHaveTextAsync("Only a dying character at 0 hit points makes death saves or can be stabilised.");

        var id = await dm.Card("Kerwyn").GetAttributeAsync("data-character-id");
        Assert.Equal(0L, (await dm.Api.GetCharacterAsync(id!)).Version);
    }

    [Fact]
    public async Task Given_no_key_When_a_player_opens_the_page_Then_the_board_and_history_are_shown_and_no_action()
    {
        var id = await fixture.Api.CreateCharacterAsync("Jozan", 11);
        await using var player = await fixture.OpenAsync(key: null);

        await Expect(player.Page.Locator("#mode")).ToHaveTextAsync("Read-only: the players' screen.");
        await Expect(player.Card("Jozan").Locator(".hp-text")).ToHaveTextAsync("11 / 11");
        await player.OpenCharacterAsync("Jozan");
        await Expect(player.Page.Locator("#history tbody tr")).ToHaveCountAsync(1);
        await Expect(player.Form("damage")).ToBeHiddenAsync();
        await Expect(player.Form("create")).ToBeHiddenAsync();
        Assert.False(string.IsNullOrEmpty(id));

        // A wrong key is refused at the top, and the page stays read-only.
        await player.Page.GetByLabel("DM's API key").FillAsync("not-the-key");
        await player.Page.GetByRole(AriaRole.Button, new() { Name = "Use key" }).ClickAsync();
        await Expect(player.Page.Locator("#key-error")).ToHaveTextAsync("This key is not accepted.");
        await Expect(player.Form("damage")).ToBeHiddenAsync();
        Assert.Null(await player.Page.EvaluateAsync<string?>("sessionStorage.getItem('hexagonal.apiKey')"));
    }

    [Fact]
    public async Task Given_the_key_When_used_Then_it_is_kept_in_sessionStorage_and_never_in_a_URL()
    {
        await using var dm = await fixture.OpenAsync();
        var urls = new List<string>();
        dm.Page.Request += (_, request) => urls.Add(request.Url);
        await dm.CreateCharacterAsync("Ember", 7);
        await dm.DealDamageAsync("rat", (1, "piercing"));

        Assert.Equal(ApiServer.Key, await dm.Page.EvaluateAsync<string>("sessionStorage.getItem('hexagonal.apiKey')"));
        Assert.NotEmpty(urls);
        Assert.DoesNotContain(urls, u => u.Contains(ApiServer.Key, StringComparison.Ordinal));
        Assert.DoesNotContain(ApiServer.Key, dm.Page.Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_a_player_key_When_used_Then_only_the_players_own_character_and_non_DM_actions_are_offered()
    {
        var own = await fixture.Api.CreateCharacterAsync("Naivara", 9, ApiServer.PlayerCharacterCommandId);
        await fixture.Api.CreateCharacterAsync("Krusk", 14);
        await using var player = await fixture.OpenAsync(ApiServer.PlayerKey, expectedMode: "Player naivara: actions on your own characters are on.");

        await Expect(player.Form("create")).ToBeHiddenAsync();
        await player.OpenCharacterAsync("Naivara");
        await Expect(player.Form("healing")).ToBeVisibleAsync();
        await Expect(player.Form("damage")).ToBeHiddenAsync(); // the DM's roll (docs/security.md)
        await player.Form("healing").GetByLabel("Hit points healed").FillAsync("1");
        await player.Form("temporary").GetByLabel("Temporary hit points").FillAsync("3");
        await player.Form("temporary").GetByRole(AriaRole.Button, new() { Name = "Grant temporary HP" }).ClickAsync();
        await Expect(player.Card("Naivara").Locator(".hp-text")).ToHaveTextAsync("9 / 9 + 3 temp");
        Assert.Equal(3, (await fixture.Api.GetCharacterAsync(own)).TemporaryHitPoints);

        await player.OpenCharacterAsync("Krusk");
        await Expect(player.Form("healing")).ToBeHiddenAsync();
        await Expect(player.Form("temporary")).ToBeHiddenAsync();
    }
}
