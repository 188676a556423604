using System.Net;
using System.Text.Json;

namespace Api.Tests;

/// <summary>
/// The second reference scenario, "Goblin ambush", over HTTP: Tordek (fighter, 12 HP) and Mialee (wizard, 8 HP, resistant
/// to fire) fight a goblin boss. A fireball of 10 fire hits both: Tordek fails his save and takes 10; Mialee saves, half is
/// 5, halved again by her resistance to 2. The boss crits Tordek at 2 HP, he drops, and he makes death saves until stable.
/// </summary>
internal static class GoblinAmbush
{
    private static readonly string[] GoblinBoss = ["goblin boss"];

    public static async Task<(string EncounterId, string Tordek, string Mialee)> RunAsync(HttpClient client)
    {
        var tordek = await Ok(client.PostJson("/characters", """{"name":"Tordek","maximumHitPoints":12,"hitDie":"d10","constitutionModifier":2}"""), HttpStatusCode.Created);
        var mialee = await Ok(client.PostJson("/characters", """{"name":"Mialee","maximumHitPoints":8,"resistances":["fire"]}"""), HttpStatusCode.Created);
        var t = tordek.GetProperty("characterId").GetString()!;
        var m = mialee.GetProperty("characterId").GetString()!;

        var started = await Ok(
            client.PostJson("/encounters", JsonSerializer.Serialize(new { name = "Goblin ambush", characterIds = new[] { t, m }, creatures = GoblinBoss })),
            HttpStatusCode.Created);
        var id = started.GetProperty("encounterId").GetString()!;

        // Mialee and Tordek tie at 12; the roll-off (tieBreaker) puts Mialee first. SRD 5.1 Initiative.
        await Ok(client.PostJson($"/encounters/{id}/initiative", JsonSerializer.Serialize(new
        {
            rolls = new object[] { new { combatantId = "goblin-boss", total = 15 }, new { combatantId = t, total = 12, tieBreaker = 7 }, new { combatantId = m, total = 12, tieBreaker = 18 } },
        })));
        await Ok(client.PostJson($"/encounters/{id}/next-turn", null)); // round 1: goblin boss

        // The fireball: one atomic commit over the encounter, Tordek and Mialee.
        var blow = await Ok(client.PostJson($"/encounters/{id}/area-damage", JsonSerializer.Serialize(new
        {
            amount = 10, damageType = "fire", saveDc = 15, source = "fireball",
            targets = new object[] { new { characterId = t, saved = false }, new { characterId = m, saved = true } },
        })));
        Assert.Equal(2, blow.GetProperty("targets").GetArrayLength());

        await Ok(client.PostJson($"/encounters/{id}/next-turn", null)); // Mialee
        await Ok(client.PostJson($"/encounters/{id}/next-turn", null)); // Tordek
        await Ok(client.PostJson($"/encounters/{id}/next-turn", null)); // round 2: goblin boss
        await Ok(client.PostJson($"/characters/{t}/damage", """{"parts":[{"amount":9,"damageType":"slashing"}],"critical":true,"source":"goblin boss"}"""));
        foreach (var roll in new[] { 12, 15, 11 })
        {
            await Ok(client.PostJson($"/encounters/{id}/next-turn", null)); // Mialee
            await Ok(client.PostJson($"/encounters/{id}/next-turn", null)); // Tordek, dying
            await Ok(client.PostJson($"/characters/{t}/death-saves", JsonSerializer.Serialize(new { roll })));
            await Ok(client.PostJson($"/encounters/{id}/next-turn", null)); // the boss
        }

        return (id, t, m);
    }

    private static async Task<JsonElement> Ok(Task<Response> pending, HttpStatusCode status = HttpStatusCode.OK)
    {
        var response = await pending;
        Assert.True(response.Status == status, $"Expected {(int)status} but got {(int)response.Status}: {response.Body}");
        return response.Json;
    }

    /// <summary>What the scenario leaves: round 5, the boss acting; Tordek stable at 0; Mialee at 6 of 8.</summary>
    public static void AssertEnd(Response encounter, string tordek, string mialee)
    {
        Assert.Equal(HttpStatusCode.OK, encounter.Status);
        var json = encounter.Json;
        Assert.Equal(5, json.GetProperty("round").GetInt32());
        Assert.Equal("goblin-boss", json.GetProperty("currentCombatantId").GetString());
        var combatants = json.GetProperty("combatants").EnumerateArray().ToList();
        Assert.Equal(["goblin-boss", mialee, tordek], combatants.Select(c => c.GetProperty("combatantId").GetString()));
        Assert.Equal(JsonValueKind.Null, combatants[0].GetProperty("hitPoints").ValueKind);
        var t = combatants[2].GetProperty("hitPoints");
        Assert.Equal((0, 12, "stable", 0, 0), (t.GetProperty("currentHitPoints").GetInt32(), t.GetProperty("maximumHitPoints").GetInt32(), t.GetProperty("condition").GetString(), t.GetProperty("deathSaveSuccesses").GetInt32(), t.GetProperty("deathSaveFailures").GetInt32()));
        var m = combatants[1].GetProperty("hitPoints");
        Assert.Equal((6, 8, "conscious"), (m.GetProperty("currentHitPoints").GetInt32(), m.GetProperty("maximumHitPoints").GetInt32(), m.GetProperty("condition").GetString()));
        // The read's tag: the encounter's version, then a digest of its characters' versions (they show in the view).
        Assert.StartsWith($"\"{json.GetProperty("version").GetInt64()}.", encounter.Header("ETag"), StringComparison.Ordinal);
    }
}
