using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Api.Tests;

/// <summary>Small helpers that keep the tests about status codes and bodies, not about HttpClient.</summary>
internal static class Http
{
    public static async Task<Response> PostJson(
        this HttpClient client, string path, string? json, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return await Response.From(await client.SendAsync(request));
    }

    public static async Task<Response> Get(this HttpClient client, string path, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return await Response.From(await client.SendAsync(request));
    }

    /// <summary>Creates a character and returns its id.</summary>
    public static async Task<string> CreateCharacter(this HttpClient client, string name = "Tordek", int maximumHitPoints = 8)
    {
        var response = await client.PostJson("/characters", JsonSerializer.Serialize(new { name, maximumHitPoints }));
        Assert.Equal(HttpStatusCode.Created, response.Status);
        return response.Json.GetProperty("characterId").GetString()!;
    }

    public static Task<Response> Damage(
        this HttpClient client, string id, int amount, string type, string? source = null, params (string Name, string Value)[] headers) =>
        client.PostJson($"/characters/{id}/damage", JsonSerializer.Serialize(new { parts = new[] { new { amount, damageType = type } }, source }), headers);
}

internal sealed record Response(HttpStatusCode Status, string Body, HttpResponseMessage Message)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;

    public string? ContentType => Message.Content.Headers.ContentType?.MediaType;

    public string? Header(string name) =>
        Message.Headers.TryGetValues(name, out var values) ? string.Join(",", values)
        : Message.Content.Headers.TryGetValues(name, out var contentValues) ? string.Join(",", contentValues)
        : null;

    public IReadOnlyDictionary<string, string[]> Errors =>
        Json.GetProperty("errors").EnumerateObject()
            .ToDictionary(p => p.Name, p => p.Value.EnumerateArray().Select(e => e.GetString()!).ToArray(), StringComparer.Ordinal);

    public static async Task<Response> From(HttpResponseMessage message) =>
        new(message.StatusCode, await message.Content.ReadAsStringAsync(), message);

    public void AssertProblem(HttpStatusCode status)
    {
        Assert.True(status == Status, $"Expected {(int)status} but got {(int)Status}: {Body}");
        Assert.Equal("application/problem+json", ContentType);
        Assert.Equal((int)status, Json.GetProperty("status").GetInt32());
    }
}
