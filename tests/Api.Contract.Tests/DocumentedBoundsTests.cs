using System.Net;
using System.Text.Json;
using Api.Tests;

namespace Api.Contract.Tests;

/// <summary>
/// The bounds the live document declares are the bounds the server enforces: a value at the bound is accepted and one
/// past it is a 400 naming the member. The bounds are read from the document, not repeated here.
/// </summary>
public sealed class DocumentedBoundsTests(LiveApi api) : IClassFixture<LiveApi>
{
    [Theory]
    [InlineData("DamagePartRequest", "amount", "maximum", "parts[0].amount")]
    [InlineData("DamagePartRequest", "amount", "minimum", "parts[0].amount")]
    [InlineData("DamageRequest", "source", "maxLength", "source")]
    [InlineData("DamageRequest", "note", "maxLength", "note")]
    [InlineData("DamageRequest", "parts", "maxItems", "parts")]
    public async Task Given_a_damage_member_at_and_past_its_documented_bound_When_posted_Then_the_bound_is_accepted_and_past_it_is_400(
        string schema, string member, string keyword, string field)
    {
        using var client = api.Client();
        var bound = await Bound(client, schema, member, keyword);
        var past = keyword is "minimum" ? bound - 1 : bound + 1;
        var id = await client.CreateCharacter(maximumHitPoints: 1000);

        var atBound = await client.PostJson($"/characters/{id}/damage", DamageBody(member, keyword, bound));
        var pastBound = await client.PostJson($"/characters/{id}/damage", DamageBody(member, keyword, past));

        Assert.True(atBound.Status == HttpStatusCode.OK, $"{member} = {bound} ({keyword}): {atBound.Body}");
        pastBound.AssertProblem(HttpStatusCode.BadRequest);
        Assert.Contains(field, pastBound.Errors.Keys);
    }

    [Fact]
    public async Task Given_a_name_at_and_past_its_documented_maxLength_When_a_character_is_created_Then_the_bound_is_accepted_and_past_it_is_400()
    {
        using var client = api.Client();
        var max = await Bound(client, "CreateCharacterRequest", "name", "maxLength");
        var hitPoints = await Bound(client, "CreateCharacterRequest", "maximumHitPoints", "maximum");

        var atBound = await client.PostJson("/characters", JsonSerializer.Serialize(new { name = new string('n', max), maximumHitPoints = hitPoints }));
        var pastName = await client.PostJson("/characters", JsonSerializer.Serialize(new { name = new string('n', max + 1), maximumHitPoints = 8 }));
        var pastHitPoints = await client.PostJson("/characters", JsonSerializer.Serialize(new { name = "Tordek", maximumHitPoints = hitPoints + 1 }));

        Assert.True(atBound.Status == HttpStatusCode.Created, atBound.Body);
        pastName.AssertProblem(HttpStatusCode.BadRequest);
        Assert.Contains("name", pastName.Errors.Keys);
        pastHitPoints.AssertProblem(HttpStatusCode.BadRequest);
        Assert.Contains("maximumHitPoints", pastHitPoints.Errors.Keys);
    }

    private async Task<int> Bound(HttpClient client, string schema, string member, string keyword)
    {
        var document = await client.Get(api.DocumentAddress.PathAndQuery);
        return document.Json.GetProperty("components").GetProperty("schemas").GetProperty(schema)
            .GetProperty("properties").GetProperty(member).GetProperty(keyword).GetInt32();
    }

    private static string DamageBody(string member, string keyword, int value) => (member, keyword) switch
    {
        ("amount", _) => JsonSerializer.Serialize(new { parts = new[] { new { amount = value, damageType = "fire" } } }),
        ("parts", _) => JsonSerializer.Serialize(new { parts = Enumerable.Repeat(new { amount = 1, damageType = "fire" }, value) }),
        _ => JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["parts"] = new[] { new { amount = 1, damageType = "fire" } },
            [member] = new string('s', value),
        }),
    };
}
