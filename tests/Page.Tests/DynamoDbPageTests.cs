using DynamoDbLocal;
using static Microsoft.Playwright.Assertions;

namespace Page.Tests;

/// <summary>The API on the real DynamoDB Local (a table of its own) behind the same page.</summary>
public sealed class DynamoDbPageFixture : IAsyncLifetime
{
    public const string Collection = "Browser on DynamoDB Local";

    private string _table = "";

    public ApiServer Api { get; private set; } = null!;

    public Chromium Chromium { get; private set; } = null!;

    public DynamoDbLocalServer DynamoDb { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var chromium = Chromium.GetSharedAsync();
        DynamoDb = await DynamoDbLocalServer.GetSharedAsync();
        _table = DynamoDbLocalServer.NewTableName("page-tests");
        var settings = new Dictionary<string, string?>(DynamoDb.ConfigurationFor(_table)) { ["EventStore:Provider"] = "DynamoDb" };
        Api = new ApiServer(settings).Start();
        Chromium = await chromium;
    }

    public async Task DisposeAsync()
    {
        await Api.DisposeAsync();
        await DynamoDb.DeleteTableAsync(_table);
    }
}

[Collection(DynamoDbPageFixture.Collection)]
public sealed class DynamoDbPageTests(DynamoDbPageFixture fixture) : IClassFixture<DynamoDbPageFixture>
{
    [Fact]
    public async Task Given_DynamoDB_Local_When_the_reference_scenario_is_typed_into_the_page_Then_the_board_shows_3_of_8()
    {
        await using var dm = await DmPage.OpenAsync(fixture.Chromium.Browser, fixture.Api, ApiServer.Key);

        await dm.CreateCharacterAsync("Tordek", 8);
        await dm.DealDamageAsync("goblin", (2, "slashing"));
        await dm.DealDamageAsync("bugbear", (3, "bludgeoning"));

        await Expect(dm.Card("Tordek").Locator(".hp-text")).ToHaveTextAsync("3 / 8");
        await Expect(dm.Page.Locator("#history tbody tr")).ToHaveCountAsync(3);
        await Expect(dm.Page.Locator("#chart svg circle.dot-hp")).ToHaveCountAsync(3);

        // A second tab (a reload, on DynamoDB's eventually consistent listing) finds him with the same state.
        await using var player = await DmPage.OpenAsync(fixture.Chromium.Browser, fixture.Api, key: null);
        await Expect(player.Card("Tordek").Locator(".hp-text")).ToHaveTextAsync("3 / 8");
        var id = await dm.Card("Tordek").GetAttributeAsync("data-character-id");
        Assert.Equal((3, 2L), ((await fixture.Api.GetCharacterAsync(id!)).CurrentHitPoints, (await fixture.Api.GetCharacterAsync(id!)).Version));
    }
}
