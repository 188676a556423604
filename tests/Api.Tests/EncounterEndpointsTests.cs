using System.Net;
using System.Text.Json;

namespace Api.Tests;

/// <summary>The encounter resources over HTTP, on the in-memory store.</summary>
public sealed class EncounterEndpointsTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = factory.Client();
    private static readonly string[] GoblinBoss = ["goblin boss"];


    private async Task<(string Id, string Tordek, string Mialee)> Started()
    {
        var t = await _client.CreateCharacter("Tordek", 12);
        var m = (await _client.PostJson("/characters", """{"name":"Mialee","maximumHitPoints":8,"resistances":["fire"]}""")).Json.GetProperty("characterId").GetString()!;
        var started = await _client.PostJson("/encounters", JsonSerializer.Serialize(new { name = "Goblin ambush", characterIds = new[] { t, m }, creatures = GoblinBoss }));
        Assert.Equal(HttpStatusCode.Created, started.Status);
        return (started.Json.GetProperty("encounterId").GetString()!, t, m);
    }

    private static string Fireball(string t, string m, int amount = 10) => JsonSerializer.Serialize(new
    {
        amount, damageType = "fire", saveDc = 15, source = "fireball",
        targets = new object[] { new { characterId = t, saved = false }, new { characterId = m, saved = true } },
    });

    [Fact]
    public async Task Given_the_goblin_ambush_When_played_over_HTTP_Then_Tordek_is_stable_and_Mialee_at_6()
    {
        var (id, t, m) = await GoblinAmbush.RunAsync(_client);

        GoblinAmbush.AssertEnd(await _client.Get($"/encounters/{id}"), t, m);
        var ended = await _client.PostJson($"/encounters/{id}/end", null);
        Assert.Equal(HttpStatusCode.OK, ended.Status);
        (await _client.PostJson($"/encounters/{id}/next-turn", null)).AssertProblem(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task Given_the_goblin_ambush_When_its_log_is_read_page_by_page_Then_the_fight_in_time_order_worded_as_the_histories_word_it()
    {
        var (id, t, m) = await GoblinAmbush.RunAsync(_client);
        await _client.PostJson($"/encounters/{id}/end", null);

        var lines = new List<JsonElement>();
        string? cursor = null;
        do
        {
            var page = await _client.Get($"/encounters/{id}/log?pageSize=7" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor)));
            Assert.Equal(HttpStatusCode.OK, page.Status);
            lines.AddRange(page.Json.GetProperty("events").EnumerateArray());
            cursor = page.Json.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null);

        var words = lines.Select(l => l.GetProperty("description").GetString()!).ToList();
        Assert.Equal("encounter \"Goblin ambush\" started with Tordek, Mialee, goblin boss", words[0]);
        Assert.Equal("encounter ended after 5 rounds", words[^1]);
        var fireball = words.IndexOf("fireball: 10 fire damage, DC 15 save for half to Tordek (failed), Mialee (saved)");
        Assert.True(fireball > 0, string.Join(" | ", words));
        Assert.Equal([t, m], lines.Skip(fireball + 1).Take(2).Select(l => l.GetProperty("combatantId").GetString()));
        var times = lines.Select(l => l.GetProperty("timestamp").GetDateTimeOffset()).ToList();
        Assert.Equal(times.Order(), times);

        // Tordek's lines are his whole history (he joined after being created), in the history's own words.
        var history = (await _client.Get($"/characters/{t}/history")).Json.GetProperty("events").EnumerateArray()
            .Skip(1).Select(e => e.GetProperty("description").GetString()).ToList();
        Assert.Equal(history, lines.Where(l => l.GetProperty("combatantId").GetString() == t).Select(l => l.GetProperty("description").GetString()));
        Assert.Contains(history, d => d!.Contains("death save", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Given_no_such_encounter_or_a_forged_cursor_When_the_log_is_read_Then_404_or_400_naming_the_cursor()
    {
        var (id, _, _) = await Started();

        (await _client.Get("/encounters/nowhere/log")).AssertProblem(HttpStatusCode.NotFound);
        var forged = await _client.Get($"/encounters/{id}/log?cursor=1");
        forged.AssertProblem(HttpStatusCode.BadRequest);
        Assert.Contains("cursor", forged.Body, StringComparison.Ordinal);
        (await _client.Get($"/encounters/{id}/log?pageSize=many")).AssertProblem(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Given_an_encounter_When_started_Then_201_with_location_etag_and_a_get_answers_304_to_its_etag()
    {
        var (id, _, _) = await Started();

        var read = await _client.Get($"/encounters/{id}");
        var notModified = await _client.Get($"/encounters/{id}", ("If-None-Match", read.Header("ETag")!));

        Assert.Matches("^\"0\\.[0-9a-f]{16}\"$", read.Header("ETag"));
        Assert.Equal("Goblin ambush", read.Json.GetProperty("name").GetString());
        Assert.Equal(HttpStatusCode.NotModified, notModified.Status);
        (await _client.Get("/encounters/nowhere")).AssertProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Given_an_encounters_etag_When_a_combatants_hit_points_change_outside_the_encounter_Then_the_old_etag_answers_200_with_the_new_hit_points()
    {
        var (id, t, _) = await Started();
        var before = await _client.Get($"/encounters/{id}");

        // Damage straight to Tordek's stream: the encounter's own version does not move, the view's hit points do.
        var hit = await _client.PostJson($"/characters/{t}/damage", """{"parts":[{"amount":5,"damageType":"slashing"}],"source":"trap"}""");
        var after = await _client.Get($"/encounters/{id}", ("If-None-Match", before.Header("ETag")!));
        var again = await _client.Get($"/encounters/{id}", ("If-None-Match", after.Header("ETag")!));

        Assert.Equal(HttpStatusCode.OK, hit.Status);
        Assert.Equal(HttpStatusCode.OK, after.Status);
        Assert.NotEqual(before.Header("ETag"), after.Header("ETag"));
        Assert.Equal(0, after.Json.GetProperty("version").GetInt64());
        Assert.Equal(7, after.Json.GetProperty("combatants").EnumerateArray().Single(c => c.GetProperty("combatantId").GetString() == t).GetProperty("hitPoints").GetProperty("currentHitPoints").GetInt32());
        Assert.Equal(HttpStatusCode.NotModified, again.Status);
    }

    [Fact]
    public async Task Given_the_etag_of_an_encounter_read_When_sent_as_if_match_on_a_command_Then_it_pins_the_encounters_own_version()
    {
        var (id, t, m) = await Started();
        var tag = (await _client.Get($"/encounters/{id}")).Header("ETag")!;
        await _client.PostJson($"/characters/{t}/damage", """{"parts":[{"amount":1,"damageType":"slashing"}],"source":"trap"}""");

        // A character's change does not make the encounter's If-Match stale; the encounter's own change does.
        var blow = await _client.PostJson($"/encounters/{id}/area-damage", Fireball(t, m), ("If-Match", tag));
        var stale = await _client.PostJson($"/encounters/{id}/area-damage", Fireball(t, m), ("If-Match", tag));
        var malformed = await _client.PostJson($"/encounters/{id}/area-damage", Fireball(t, m), ("If-Match", "\"1.xyz\""));

        Assert.Equal(HttpStatusCode.OK, blow.Status);
        stale.AssertProblem(HttpStatusCode.Conflict);
        malformed.AssertProblem(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Given_a_fireball_When_repeated_with_its_key_Then_the_same_answer_and_nothing_applied_twice_and_another_request_with_it_is_422()
    {
        var (id, t, m) = await Started();
        var key = ("Idempotency-Key", Guid.NewGuid().ToString());

        var first = await _client.PostJson($"/encounters/{id}/area-damage", Fireball(t, m), key);
        var again = await _client.PostJson($"/encounters/{id}/area-damage", Fireball(t, m), key);
        var other = await _client.PostJson($"/encounters/{id}/area-damage", Fireball(t, m, 11), key);

        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.Equal(first.Body, again.Body);
        other.AssertProblem(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("/problems/idempotency-key-reused", other.Json.GetProperty("type").GetString());
        Assert.Equal(2, (await _client.Get($"/characters/{t}")).Json.GetProperty("currentHitPoints").GetInt32());
        Assert.Equal(6, (await _client.Get($"/characters/{m}")).Json.GetProperty("currentHitPoints").GetInt32());
    }

    [Fact]
    public async Task Given_a_stale_if_match_When_a_blow_is_sent_Then_409_names_the_encounter_stream_and_no_character_is_hit()
    {
        var (id, t, m) = await Started();
        await _client.PostJson($"/encounters/{id}/initiative", JsonSerializer.Serialize(new { rolls = new[] { new { combatantId = t, total = 10 } } }));

        var stale = await _client.PostJson($"/encounters/{id}/area-damage", Fireball(t, m), ("If-Match", "\"0\""));

        stale.AssertProblem(HttpStatusCode.Conflict);
        Assert.Equal($"encounter-{id}", stale.Json.GetProperty("stream").GetString());
        Assert.Equal(1, stale.Json.GetProperty("currentVersion").GetInt64());
        Assert.Equal(12, (await _client.Get($"/characters/{t}")).Json.GetProperty("currentHitPoints").GetInt32());
    }

    [Fact]
    public async Task Given_bad_input_When_commands_are_sent_Then_400_names_each_field_and_rules_are_422()
    {
        var (id, t, m) = await Started();

        var missing = await _client.PostJson($"/encounters/{id}/area-damage", """{"amount":10,"targets":[{"saved":true}]}""");
        var twice = await _client.PostJson($"/encounters/{id}/mass-healing", JsonSerializer.Serialize(new { source = "mass cure wounds", targets = new[] { new { characterId = t, amount = 3 }, new { characterId = t, amount = 3 } } }));
        var creature = await _client.PostJson($"/encounters/{id}/area-damage", JsonSerializer.Serialize(new { amount = 4, damageType = "fire", source = "fireball", targets = new[] { new { characterId = "goblin-boss" } } }));
        var noInitiative = await _client.PostJson($"/encounters/{id}/next-turn", null);
        var noName = await _client.PostJson("/encounters", """{"characterIds":[]}""");

        missing.AssertProblem(HttpStatusCode.BadRequest);
        Assert.Contains("damageType", missing.Errors.Keys);
        Assert.Contains("source", missing.Errors.Keys);
        Assert.Contains("targets[0].characterId", missing.Errors.Keys);
        twice.AssertProblem(HttpStatusCode.BadRequest);
        Assert.Contains("targets", twice.Errors.Keys);
        creature.AssertProblem(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("encounter.not-a-character", creature.Json.GetProperty("rule").GetString());
        Assert.Equal("encounter.initiative-missing", noInitiative.Json.GetProperty("rule").GetString());
        noName.AssertProblem(HttpStatusCode.BadRequest);
        Assert.Contains("name", noName.Errors.Keys);
        Assert.Equal(m, (await _client.Get($"/encounters/{id}")).Json.GetProperty("combatants")[1].GetProperty("combatantId").GetString());
    }

    [Fact]
    public async Task Given_an_encounter_When_combatants_join_and_leave_and_mass_healing_lands_Then_each_is_answered_with_the_encounters_version()
    {
        var (id, t, m) = await Started();
        var jozan = await _client.CreateCharacter("Jozan", 10);

        var added = await _client.PostJson($"/encounters/{id}/combatants", JsonSerializer.Serialize(new { characterId = jozan }));
        var wolf = await _client.PostJson($"/encounters/{id}/combatants", """{"creatureName":"Wolf"}""");
        using var delete = new HttpRequestMessage(HttpMethod.Delete, $"/encounters/{id}/combatants/wolf?reason=fled");
        var removed = await Response.From(await _client.SendAsync(delete));
        await _client.PostJson($"/encounters/{id}/area-damage", Fireball(t, m));
        var healed = await _client.PostJson($"/encounters/{id}/mass-healing", JsonSerializer.Serialize(new { source = "mass cure wounds", targets = new[] { new { characterId = t, amount = 5 }, new { characterId = m, amount = 5 } } }));

        Assert.Equal((HttpStatusCode.OK, 1L), (added.Status, added.Json.GetProperty("version").GetInt64()));
        Assert.Equal(HttpStatusCode.OK, wolf.Status);
        Assert.Equal((HttpStatusCode.OK, "\"3\""), (removed.Status, removed.Header("ETag")));
        Assert.Equal(HttpStatusCode.OK, healed.Status);
        Assert.Equal(5, healed.Json.GetProperty("version").GetInt64());
        var view = await _client.Get($"/encounters/{id}");
        Assert.Equal([t, m, "goblin-boss", jozan], view.Json.GetProperty("combatants").EnumerateArray().Select(c => c.GetProperty("combatantId").GetString()));
        Assert.Equal(7, (await _client.Get($"/characters/{t}")).Json.GetProperty("currentHitPoints").GetInt32());
        Assert.Equal(8, (await _client.Get($"/characters/{m}")).Json.GetProperty("currentHitPoints").GetInt32());
    }
}
