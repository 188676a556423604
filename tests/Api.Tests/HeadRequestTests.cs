using System.Net;

namespace Api.Tests;

/// <summary>HEAD on every GET resource: the GET's status and headers, no body.</summary>
public sealed class HeadRequestTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = factory.Client();

    public static TheoryData<string> GetRoutes => new()
    {
        "/characters",
        "/characters?pageSize=1",
        "/characters/{id}",
        "/characters/{id}/history",
        "/characters/{id}/history?pageSize=1",
        "/characters/no-such-character",
        "/characters/not%20an%20id",
        "/openapi/v1.json",
        "/health",
    };

    [Theory]
    [MemberData(nameof(GetRoutes))]
    public async Task Given_a_GET_resource_When_HEAD_is_sent_Then_the_same_status_and_headers_and_no_body(string route)
    {
        var id = await _client.CreateCharacter();
        var path = route.Replace("{id}", id, StringComparison.Ordinal);

        var get = await _client.Get(path);
        var head = await Send(HttpMethod.Head, path);

        Assert.NotEqual(HttpStatusCode.MethodNotAllowed, head.Status);
        Assert.Equal(get.Status, head.Status);
        Assert.Equal(get.ContentType, head.ContentType);
        Assert.Equal(get.Header("ETag"), head.Header("ETag"));
        Assert.Equal(get.Message.Content.Headers.ContentLength ?? System.Text.Encoding.UTF8.GetByteCount(get.Body), head.Message.Content.Headers.ContentLength);
        Assert.Empty(head.Body);
    }

    [Fact]
    public async Task Given_the_current_etag_When_HEAD_is_sent_with_If_None_Match_Then_304_without_a_body()
    {
        var id = await _client.CreateCharacter();

        var head = await Send(HttpMethod.Head, $"/characters/{id}", ("If-None-Match", "\"0\""));

        Assert.Equal(HttpStatusCode.NotModified, head.Status);
        Assert.Equal("\"0\"", head.Header("ETag"));
        Assert.Empty(head.Body);
    }

    [Fact]
    public async Task Given_a_command_route_When_HEAD_is_sent_Then_405_as_before()
    {
        var id = await _client.CreateCharacter();

        var head = await Send(HttpMethod.Head, $"/characters/{id}/damage");

        Assert.Equal(HttpStatusCode.MethodNotAllowed, head.Status);
        Assert.Empty(head.Body);
    }

    private async Task<Response> Send(HttpMethod method, string path, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(method, path);
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return await Response.From(await _client.SendAsync(request));
    }
}
