using System.Net;

namespace Api.Tests;

/// <summary>The API spells values as the stored events and the CLI's <c>--json</c> do: enums in kebab-case ("massive-damage").</summary>
public sealed class JsonConventionTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = factory.Client();

    [Fact]
    public async Task Given_a_character_killed_by_massive_damage_When_reading_its_history_Then_the_cause_is_massive_damage()
    {
        var id = await _client.CreateCharacter("Tordek", 8);
        Assert.Equal(HttpStatusCode.OK, (await _client.Damage(id, 16, "bludgeoning")).Status);

        var history = await _client.Get($"/characters/{id}/history");

        Assert.Equal(HttpStatusCode.OK, history.Status);
        var died = Assert.Single(history.Json.GetProperty("events").EnumerateArray(), e => e.GetProperty("event").TryGetProperty("cause", out _));
        Assert.Equal("massive-damage", died.GetProperty("event").GetProperty("cause").GetString());
        Assert.DoesNotContain("massiveDamage", history.Body, StringComparison.Ordinal);
    }
}
