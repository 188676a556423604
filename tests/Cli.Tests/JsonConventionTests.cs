using System.Text.Json;

namespace Cli.Tests;

/// <summary><c>--json</c> spells values as the stored events and the API do: enums in kebab-case ("massive-damage").</summary>
public sealed class JsonConventionTests
{
    private readonly CliSession _hp = new();

    [Fact]
    public async Task Given_a_character_killed_by_massive_damage_When_reading_the_history_as_JSON_Then_the_cause_is_massive_damage()
    {
        await _hp.OkAsync("create", "Tordek", "--max-hp", "8", "--id", "tordek");
        await _hp.OkAsync("damage", "tordek", "16", "--type", "bludgeoning");

        var output = await _hp.OkAsync("history", "tordek", "--json");

        using var history = JsonDocument.Parse(output);
        var died = Assert.Single(history.RootElement.GetProperty("events").EnumerateArray(), e => e.GetProperty("event").TryGetProperty("cause", out _));
        Assert.Equal("massive-damage", died.GetProperty("event").GetProperty("cause").GetString());
        Assert.DoesNotContain("massiveDamage", output, StringComparison.Ordinal);
    }
}
