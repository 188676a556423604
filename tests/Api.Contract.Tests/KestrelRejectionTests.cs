using System.Net;

namespace Api.Contract.Tests;

/// <summary>
/// What Kestrel refuses before the application sees the request is answered by Kestrel itself, with a status and no
/// body: ASP.NET Core has no hook to write problem details there. docs/api.md says so; these tests keep that statement
/// true (if a later Kestrel adds bodies, they fail and the docs change with them).
/// </summary>
public sealed class KestrelRejectionTests(LiveApi api) : IClassFixture<LiveApi>
{
    [Fact]
    public async Task Given_a_request_target_longer_than_Kestrels_limit_When_sent_over_TCP_Then_414_with_no_body()
    {
        using var client = api.Client();

        using var response = await client.GetAsync("/characters/" + new string('a', 20_000));

        Assert.Equal(HttpStatusCode.RequestUriTooLong, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Given_headers_larger_than_Kestrels_limit_When_sent_over_TCP_Then_431_with_no_body()
    {
        using var client = api.Client();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/characters");
        request.Headers.TryAddWithoutValidation("X-Padding", new string('a', 40_000));

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Given_a_body_over_the_limit_without_a_length_When_sent_over_TCP_Then_413_problem_details()
    {
        using var client = api.Client();
        using var content = new StreamContent(new MemoryStream(new byte[64 * 1024]));
        content.Headers.ContentType = new("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/characters") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
