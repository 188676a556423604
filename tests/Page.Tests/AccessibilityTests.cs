using System.Net.Http.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Page.Tests;

/// <summary>Usable by everyone at the table: from the keyboard alone, on a phone, with readable contrast.</summary>
[Collection(BrowserFixture.Collection)]
public sealed class AccessibilityTests(BrowserFixture fixture)
{
    [Fact]
    public async Task Given_only_a_keyboard_When_the_DM_enters_the_key_creates_a_character_and_deals_damage_Then_it_all_works()
    {
        await using var dm = await fixture.OpenAsync(key: null);
        var keyboard = dm.Page.Keyboard;

        await TabToAsync(dm.Page, dm.Page.GetByLabel("DM's API key"));
        await keyboard.TypeAsync(ApiServer.Key);
        await keyboard.PressAsync("Enter");
        await Expect(dm.Page.Locator("#mode")).ToHaveTextAsync("DM: actions are on.");

        var create = dm.Form("create");
        await TabToAsync(dm.Page, create.GetByLabel("Name"));
        await keyboard.TypeAsync("Gimble");
        await keyboard.PressAsync("Tab");
        await keyboard.TypeAsync("9");
        await TabToAsync(dm.Page, create.GetByRole(AriaRole.Button, new() { Name = "Create character" }));
        await keyboard.PressAsync("Enter");
        await Expect(dm.Page.Locator("#character-title")).ToHaveTextAsync("Gimble");
        await Expect(dm.Page.Locator("#character-title")).ToBeFocusedAsync();

        var damage = dm.Form("damage");
        await TabToAsync(dm.Page, damage.GetByLabel("Amount 1", new() { Exact = true }));
        await keyboard.TypeAsync("3");
        await keyboard.PressAsync("Tab");
        await keyboard.TypeAsync("fire"); // a closed select picks by typing
        await Expect(damage.GetByLabel("Damage type 1", new() { Exact = true })).ToHaveValueAsync("fire");
        await TabToAsync(dm.Page, damage.GetByRole(AriaRole.Button, new() { Name = "Add a damage type" }));
        await keyboard.PressAsync("Enter");
        await Expect(damage.GetByLabel("Amount 2", new() { Exact = true })).ToBeFocusedAsync();
        await keyboard.TypeAsync("2");
        await TabToAsync(dm.Page, damage.GetByLabel("Critical hit (dice doubled)"));
        await keyboard.PressAsync("Space");
        await TabToAsync(dm.Page, damage.GetByLabel("Source"));
        await keyboard.TypeAsync("imp");
        await keyboard.PressAsync("Enter"); // Enter in a field submits its form

        await Expect(dm.Card("Gimble").Locator(".hp-text")).ToHaveTextAsync("4 / 9");
        await Expect(dm.Page.Locator("#history tbody tr").Last).ToContainTextAsync("3 fire + 2 slashing from imp (critical)");

        // The board's card opens a character from the keyboard too.
        await TabToAsync(dm.Page, dm.Card("Gimble").GetByRole(AriaRole.Button, new() { Name = "Open Gimble" }), backwards: true);
        await keyboard.PressAsync("Enter");
        await Expect(dm.Page.Locator("#character-title")).ToBeFocusedAsync();
        Assert.Empty(dm.PageErrors);
    }

    [Fact]
    public async Task Given_a_phone_sized_viewport_When_the_DM_acts_Then_nothing_overflows_and_the_board_updates()
    {
        var id = await fixture.Api.CreateCharacterAsync("Hennet", 14);
        await using var dm = await fixture.OpenAsync(options: new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 390, Height = 844 },
            DeviceScaleFactor = 2,
            IsMobile = true,
            HasTouch = true,
        });

        await dm.Card("Hennet").GetByRole(AriaRole.Button, new() { Name = "Open Hennet" }).TapAsync();
        await dm.FillDamageAsync("stirge", (3, "piercing"));
        await dm.Form("damage").GetByRole(AriaRole.Button, new() { Name = "Deal damage" }).TapAsync();
        await Expect(dm.Card("Hennet").Locator(".hp-text")).ToHaveTextAsync("11 / 14");
        Assert.Equal(11, (await dm.Api.GetCharacterAsync(id)).CurrentHitPoints);

        var overflow = await dm.Page.EvaluateAsync<int>("document.documentElement.scrollWidth - window.innerWidth");
        Assert.True(overflow <= 0, $"The page is {overflow} px wider than the phone's screen.");
        var outside = await dm.Page.EvaluateAsync<string[]>(
            """
            [...document.querySelectorAll('input, select, button')]
              .filter(e => e.offsetParent !== null)
              .filter(e => { const r = e.getBoundingClientRect(); return r.left < 0 || r.right > window.innerWidth + 0.5; })
              .map(e => e.id || e.textContent.trim())
            """);
        Assert.Empty(outside);
        // Controls are big enough to tap (WCAG 2.5.8: at least 24 by 24 CSS pixels).
        var small = await dm.Page.EvaluateAsync<string[]>(
            """
            [...document.querySelectorAll('button, select, input:not([type=checkbox])')]
              .filter(e => e.offsetParent !== null && !e.classList.contains('link'))
              .filter(e => { const r = e.getBoundingClientRect(); return r.width < 24 || r.height < 24; })
              .map(e => e.id || e.textContent.trim())
            """);
        Assert.Empty(small);
        await dm.Card("Hennet").ScrollIntoViewIfNeededAsync();
        await dm.Page.ScreenshotAsync(new PageScreenshotOptions { Path = Repository.ScreenshotPath("phone.png") });
    }

    [Fact]
    public async Task Given_every_text_on_the_page_When_its_contrast_is_measured_Then_it_passes_WCAG_AA()
    {
        var id = await fixture.Api.CreateCharacterAsync("Vadania", 12);
        using (var http = fixture.Api.Http())
        {
            (await http.PostAsJsonAsync($"characters/{id}/damage", new { parts = new[] { new { amount = 12, damageType = "cold" } } })).EnsureSuccessStatusCode();
        }

        await using var dm = await fixture.OpenAsync();
        await dm.OpenCharacterAsync("Vadania");
        await dm.Form("healing").GetByRole(AriaRole.Button, new() { Name = "Heal" }).ClickAsync(); // an error message on screen
        await Expect(dm.Form("healing").Locator(".field-error")).ToBeVisibleAsync();
        await dm.Form("temporary").GetByLabel("Temporary hit points").FillAsync("2");
        await dm.Form("temporary").GetByRole(AriaRole.Button, new() { Name = "Grant temporary HP" }).ClickAsync(); // a success message
        await Expect(dm.Form("temporary").Locator(".form-message.ok")).ToBeVisibleAsync();

        var failures = await dm.Page.EvaluateAsync<string[]>(ContrastScript);

        Assert.Empty(failures);
    }

    /// <summary>Presses Tab (or Shift+Tab) until <paramref name="target"/> has the focus; fails if it never gets it.</summary>
    internal static async Task TabToAsync(IPage page, ILocator target, bool backwards = false)
    {
        for (var i = 0; i < 120; i++)
        {
            if (await target.EvaluateAsync<bool>("e => e === document.activeElement"))
            {
                return;
            }

            await page.Keyboard.PressAsync(backwards ? "Shift+Tab" : "Tab");
        }

        Assert.Fail($"Tab never reached {target}.");
    }

    // WCAG 2.x relative luminance and contrast ratio, for every visible element with its own text, against the first
    // opaque background behind it. Large text (24px, or 18.66px bold) needs 3:1, the rest 4.5:1.
    private const string ContrastScript =
        """
        () => {
          const parse = c => { const m = c.match(/rgba?\(([^)]+)\)/); if (!m) return null; const p = m[1].split(/[ ,\/]+/).filter(Boolean).map(Number); return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 }; };
          const lum = ({ r, g, b }) => { const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); }; return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
          const background = e => { for (let n = e; n; n = n.parentElement) { const c = parse(getComputedStyle(n).backgroundColor); if (c && c.a >= 0.99) return c; } return { r: 255, g: 255, b: 255, a: 1 }; };
          const failures = [];
          let checked = 0;
          for (const e of document.querySelectorAll('body *')) {
            if (!e.offsetParent && getComputedStyle(e).position !== 'fixed') continue;
            if (e.closest('svg') || e.closest('.visually-hidden')) continue;
            const own = [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
            const placeholder = e.placeholder && !e.value;
            if (!own && !placeholder) continue;
            const s = getComputedStyle(placeholder ? e : e);
            const fg = parse(placeholder ? getComputedStyle(e, '::placeholder').color : s.color);
            const bg = background(e);
            const [l1, l2] = [lum(fg), lum(bg)].sort((a, b) => b - a);
            const ratio = (l1 + 0.05) / (l2 + 0.05);
            const size = parseFloat(s.fontSize), bold = Number(s.fontWeight) >= 700;
            const need = size >= 24 || (bold && size >= 18.66) ? 3 : 4.5;
            checked++;
            if (ratio < need) failures.push(`${e.tagName.toLowerCase()}.${e.className} "${(e.textContent || e.placeholder).trim().slice(0, 40)}": ${ratio.toFixed(2)} < ${need}`);
          }
          if (checked < 40) failures.push(`only ${checked} texts were measured`);
          return failures;
        }
        """;
}
