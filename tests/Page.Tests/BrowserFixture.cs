using Microsoft.Playwright;

namespace Page.Tests;

/// <summary>The shared Chromium and one API on the in-memory store, for the browser tests of one collection.</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string Collection = "Browser on the in-memory store";

    public Chromium Chromium { get; private set; } = null!;

    public ApiServer Api { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Chromium = await Chromium.GetSharedAsync();
        Api = new ApiServer().Start();
    }

    public async Task DisposeAsync() => await Api.DisposeAsync();

    /// <summary>A fresh browser context (its own sessionStorage) on the page, as the DM with the key or as a player without.</summary>
    public Task<DmPage> OpenAsync(string? key = ApiServer.Key, BrowserNewContextOptions? options = null, string expectedMode = "DM: actions are on.", bool live = true) =>
        DmPage.OpenAsync(Chromium.Browser, Api, key, options, expectedMode, live);
}

[CollectionDefinition(BrowserFixture.Collection)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>;
