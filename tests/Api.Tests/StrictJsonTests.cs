using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Api.Tests;

/// <summary>
/// Bodies are read strictly: a member given twice is refused, enum names are matched exactly as documented, and only
/// application/json in UTF-8 is read. Each refusal is a problem naming what was wrong, and nothing is written.
/// </summary>
public sealed class StrictJsonTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = factory.Client();

    [Fact]
    public async Task Given_a_body_with_a_member_given_twice_When_posted_Then_400_names_the_member_and_nothing_is_written()
    {
        var id = await _client.CreateCharacter(maximumHitPoints: 8);

        var response = await _client.PostJson($"/characters/{id}/damage", """{"parts":[{"amount":1,"damageType":"fire"}],"source":"a","source":"b"}""");
        var healing = await _client.PostJson($"/characters/{id}/healing", """{"amount":1,"amount":5}""");

        response.AssertProblem(HttpStatusCode.BadRequest);
        Assert.Contains("source", response.Errors.Keys);
        healing.AssertProblem(HttpStatusCode.BadRequest);
        Assert.Contains("amount", healing.Errors.Keys);
        Assert.Equal(0, (await _client.Get($"/characters/{id}")).Json.GetProperty("version").GetInt64());
    }

    [Theory]
    [InlineData("SLASHING")]
    [InlineData("Slashing")]
    [InlineData("slashing ")]
    [InlineData("11")]
    public async Task Given_an_enum_value_not_spelled_as_documented_When_posted_Then_400_names_the_field(string spelling)
    {
        var id = await _client.CreateCharacter(maximumHitPoints: 8);

        var response = await _client.PostJson($"/characters/{id}/damage", $$"""{"parts":[{"amount":1,"damageType":"{{spelling}}"}]}""");

        response.AssertProblem(HttpStatusCode.BadRequest);
        Assert.Equal(["parts[0].damageType"], response.Errors.Keys);
        Assert.Equal(0, (await _client.Get($"/characters/{id}")).Json.GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task Given_the_documented_enum_spelling_When_posted_and_read_back_Then_it_round_trips()
    {
        var id = await _client.CreateCharacter(maximumHitPoints: 8);

        var response = await _client.PostJson($"/characters/{id}/defenses", """{"defense":"resistance","damageTypes":["slashing"],"source":"rage"}""");
        var character = await _client.Get($"/characters/{id}");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("slashing", character.Json.GetProperty("resistances")[0].GetString());
    }

    [Theory]
    [InlineData("application/merge-patch+json")]
    [InlineData("application/json; charset=iso-8859-1")]
    [InlineData("application/json; charset=utf-16")]
    [InlineData("text/json")]
    [InlineData("text/plain")]
    public async Task Given_a_body_that_is_not_application_json_in_UTF8_When_posted_Then_415_problem_and_nothing_is_written(string contentType)
    {
        var id = await _client.CreateCharacter(maximumHitPoints: 8);
        await _client.Damage(id, 4, "fire");

        using var request = new HttpRequestMessage(HttpMethod.Post, $"/characters/{id}/healing")
        {
            Content = new ByteArrayContent(Encoding.UTF8.GetBytes("""{"amount":2}""")),
        };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        var response = await Response.From(await _client.SendAsync(request));

        response.AssertProblem(HttpStatusCode.UnsupportedMediaType);
        Assert.Contains("application/json", response.Json.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(4, (await _client.Get($"/characters/{id}")).Json.GetProperty("currentHitPoints").GetInt32());
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("application/json; charset=utf-8")]
    [InlineData("Application/JSON; charset=UTF-8")]
    public async Task Given_application_json_in_UTF8_When_posted_Then_it_is_read(string contentType)
    {
        var id = await _client.CreateCharacter(maximumHitPoints: 8);
        await _client.Damage(id, 4, "fire");

        using var request = new HttpRequestMessage(HttpMethod.Post, $"/characters/{id}/healing")
        {
            Content = new ByteArrayContent(Encoding.UTF8.GetBytes("""{"amount":2}""")),
        };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        var response = await Response.From(await _client.SendAsync(request));

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal(6, (await _client.Get($"/characters/{id}")).Json.GetProperty("currentHitPoints").GetInt32());
    }
}
