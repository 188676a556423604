using System.Text.Json;
using Amazon.DynamoDBv2.Model;
using Application.Events;
using Domain;
using Condition = Domain.Condition;

namespace Adapters.DynamoDb.Tests;

/// <summary>
/// The DynamoDB items the current release writes (Application.Tests/Fixtures/v1, in the AWS CLI's JSON) still read
/// through this adapter's item mapping and the registry, and fold to the state the release's rules gave them.
/// No table is needed: the mapping is what changed hands between releases.
/// </summary>
public sealed class StoredV1ItemsTests
{
    [Fact]
    public void Given_the_v1_reference_items_When_read_and_folded_Then_3_of_8_HP_at_version_2()
    {
        var (state, version) = Fold("reference");

        Assert.Equal((3, 8, Condition.Conscious, 2L), (state.CurrentHitPoints, state.MaximumHitPoints, state.Condition, version));
    }

    [Theory]
    [InlineData("brom", 20, 20, Condition.Conscious, 13L)]
    [InlineData("eddard", 0, 10, Condition.Stable, 4L)]
    [InlineData("cora", 0, 10, Condition.Dead, 6L)]
    [InlineData("mira", 0, 6, Condition.Dead, 3L)]
    public void Given_v1_items_of_every_event_type_When_read_and_folded_Then_the_old_state(
        string stream, int hitPoints, int maximum, Condition condition, long version)
    {
        var (state, last) = Fold(stream);

        Assert.Equal((hitPoints, maximum, condition, version), (state.CurrentHitPoints, state.MaximumHitPoints, state.Condition, last));
    }

    [Fact]
    public void Given_a_v1_first_item_When_read_Then_it_carries_the_listing_keys_and_its_commit()
    {
        var items = Items("brom");

        Assert.Equal(("character", "character-brom"), (items[0]["gsi1pk"].S, items[0]["gsi1sk"].S));
        Assert.All(items.Skip(1), i => Assert.False(i.ContainsKey("gsi1pk")));
        var died = items.Single(i => i["type"].S == "death-save-recorded.v1" && i["commitFirst"].N != i["sk"].N);
        Assert.Equal(("10", "11"), (died["commitFirst"].N, died["commitLast"].N));
    }

    private static (CharacterHitPoints State, long Version) Fold(string stream)
    {
        var registry = CharacterEventTypes.CreateRegistry();
        var envelopes = Items(stream).Select(EventItems.ToEnvelope).ToList();
        Assert.All(envelopes, e => Assert.Equal($"character-{stream}", e.StreamId.ToString()));
        return (CharacterHitPoints.Replay(envelopes.Select(e => (CharacterEvent)registry.Decode(e))), envelopes[^1].Version);
    }

    /// <summary>The AWS CLI's item JSON ({"pk":{"S":"..."},"sk":{"N":"0"}}): only S and N occur in event items.</summary>
    private static List<Dictionary<string, AttributeValue>> Items(string stream)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "v1", $"{stream}.items.json")));
        return json.RootElement.EnumerateArray()
            .Select(item => item.EnumerateObject().ToDictionary(
                a => a.Name,
                a => a.Value.TryGetProperty("S", out var s) ? new AttributeValue { S = s.GetString() } : new AttributeValue { N = a.Value.GetProperty("N").GetString() }))
            .ToList();
    }
}
