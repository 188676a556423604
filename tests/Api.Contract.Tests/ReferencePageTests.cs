using System.Net;
using Api.Tests;

namespace Api.Contract.Tests;

/// <summary>The API reference page (Scalar.AspNetCore) is served from the OpenAPI document when configured, and only then.</summary>
public sealed class ReferencePageTests : IDisposable
{
    private readonly ApiFactory _on = new ApiFactory().With("Api:ReferencePage", "true");
    private readonly ApiFactory _off = new ApiFactory().With("Api:ReferencePage", "false");

    [Fact]
    public async Task Given_the_reference_page_is_enabled_When_it_is_requested_Then_the_page_and_its_script_are_served_and_point_at_the_document()
    {
        using var client = _on.Client(key: null);

        var page = await client.Get("/scalar/v1");
        var script = await client.Get("/scalar/scalar.js");
        var document = await client.Get("/openapi/v1.json");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal("text/html", page.ContentType);
        Assert.Contains("<title>Hexagonal hit points API</title>", page.Body, StringComparison.Ordinal);
        Assert.Contains("\"url\":\"openapi/v1.json\"", page.Body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, script.Status);
        Assert.True(script.Body.Length > 10_000, $"The page's script is served from the package, not fetched elsewhere ({script.Body.Length} chars).");
        Assert.Equal(HttpStatusCode.OK, document.Status);
    }

    [Fact]
    public async Task Given_the_reference_page_is_not_enabled_When_it_is_requested_Then_it_is_404()
    {
        using var client = _off.Client(key: null);

        var page = await client.Get("/scalar/v1");
        var script = await client.Get("/scalar/scalar.js");
        var document = await client.Get("/openapi/v1.json");

        Assert.Equal(HttpStatusCode.NotFound, page.Status);
        Assert.Equal(HttpStatusCode.NotFound, script.Status);
        Assert.Equal(HttpStatusCode.OK, document.Status);
    }

    public void Dispose()
    {
        _on.Dispose();
        _off.Dispose();
    }
}
