using System.Net;
using System.Text.Json;

namespace Api.Tests;

/// <summary>The character resources over HTTP, on the in-memory store: successes, every client error, ETags and idempotency.</summary>
public sealed class CharacterEndpointsTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = factory.Client();

    [Fact]
    public async Task Given_the_reference_scenario_When_getting_the_character_Then_it_has_3_HP_at_version_2()
    {
        var id = await _client.CreateCharacter("Tordek", 8);
        Assert.Equal(HttpStatusCode.OK, (await _client.Damage(id, 2, "slashing", "goblin")).Status);
        Assert.Equal(HttpStatusCode.OK, (await _client.Damage(id, 3, "bludgeoning", "bugbear")).Status);

        var character = await _client.Get($"/characters/{id}");

        Assert.Equal(HttpStatusCode.OK, character.Status);
        Assert.Equal(3, character.Json.GetProperty("currentHitPoints").GetInt32());
        Assert.Equal(8, character.Json.GetProperty("maximumHitPoints").GetInt32());
        Assert.Equal(2, character.Json.GetProperty("version").GetInt64());
        Assert.Equal("conscious", character.Json.GetProperty("condition").GetString());
        Assert.Equal("\"2\"", character.Header("ETag"));
    }

    [Fact]
    public async Task Given_a_new_character_When_created_Then_201_with_location_etag_and_version_0()
    {
        var created = await _client.PostJson("/characters", """{"name":"Mialee","maximumHitPoints":12,"resistances":["fire","cold"]}""");

        Assert.Equal(HttpStatusCode.Created, created.Status);
        var id = created.Json.GetProperty("characterId").GetString();
        Assert.Equal(0, created.Json.GetProperty("version").GetInt64());
        Assert.Equal($"/characters/{id}", created.Message.Headers.Location?.OriginalString);
        Assert.Equal("\"0\"", created.Header("ETag"));

        var character = await _client.Get($"/characters/{id}");
        Assert.Equal(["cold", "fire"], character.Json.GetProperty("resistances").EnumerateArray().Select(e => e.GetString()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Given_a_character_When_each_command_is_posted_Then_each_is_200_with_the_new_version()
    {
        var id = await _client.CreateCharacter(maximumHitPoints: 10);

        var damage = await _client.Damage(id, 10, "piercing");
        var deathSave = await _client.PostJson($"/characters/{id}/death-saves", """{"roll":14}""");
        var healing = await _client.PostJson($"/characters/{id}/healing", """{"amount":4}""");
        var temporary = await _client.PostJson($"/characters/{id}/temporary-hit-points", """{"amount":5}""");
        var rest = await _client.PostJson($"/characters/{id}/long-rests", null);

        Assert.All([damage, deathSave, healing, temporary, rest], r => Assert.Equal(HttpStatusCode.OK, r.Status));
        Assert.Equal(1, damage.Json.GetProperty("version").GetInt64());
        Assert.Equal("\"5\"", rest.Header("ETag"));
        var character = await _client.Get($"/characters/{id}");
        Assert.Equal(10, character.Json.GetProperty("currentHitPoints").GetInt32());
        Assert.Equal(0, character.Json.GetProperty("temporaryHitPoints").GetInt32());
        Assert.Equal(5, character.Json.GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task Given_the_current_etag_When_getting_with_If_None_Match_Then_304()
    {
        var id = await _client.CreateCharacter();

        var notModified = await _client.Get($"/characters/{id}", ("If-None-Match", "\"0\""));
        var stale = await _client.Get($"/characters/{id}", ("If-None-Match", "\"7\""));

        Assert.Equal(HttpStatusCode.NotModified, notModified.Status);
        Assert.Equal("\"0\"", notModified.Header("ETag"));
        Assert.Equal(HttpStatusCode.OK, stale.Status);
    }

    [Theory]
    [InlineData("\"1\"", HttpStatusCode.NotModified)]
    [InlineData("W/\"1\"", HttpStatusCode.NotModified)]
    [InlineData("\"0\", \"1\"", HttpStatusCode.NotModified)]
    [InlineData("\"0\",W/\"1\"", HttpStatusCode.NotModified)]
    [InlineData("*", HttpStatusCode.NotModified)]
    [InlineData("W/\"0\"", HttpStatusCode.OK)]
    [InlineData("\"0\", \"2\"", HttpStatusCode.OK)]
    [InlineData("\"01\"", HttpStatusCode.OK)]
    [InlineData("1", HttpStatusCode.OK)]
    public async Task Given_If_None_Match_with_weak_tags_lists_or_a_star_When_getting_Then_weak_comparison_decides_304(string ifNoneMatch, HttpStatusCode expected)
    {
        var id = await _client.CreateCharacter();
        await _client.Damage(id, 1, "fire");

        var response = await _client.Get($"/characters/{id}", ("If-None-Match", ifNoneMatch));

        Assert.Equal(expected, response.Status);
        Assert.Equal("\"1\"", response.Header("ETag"));
        if (expected == HttpStatusCode.NotModified)
        {
            Assert.Empty(response.Body);
        }
    }

    [Fact]
    public async Task Given_the_current_etag_When_a_command_sends_it_in_If_Match_Then_200()
    {
        var id = await _client.CreateCharacter();
        var etag = (await _client.Get($"/characters/{id}")).Header("ETag")!;

        var damage = await _client.Damage(id, 1, "fire", headers: ("If-Match", etag));

        Assert.Equal(HttpStatusCode.OK, damage.Status);
        Assert.Equal("\"1\"", damage.Header("ETag"));
    }

    [Fact]
    public async Task Given_a_stale_If_Match_When_a_command_is_posted_Then_409_with_the_current_version_and_nothing_written()
    {
        var id = await _client.CreateCharacter();
        await _client.Damage(id, 1, "fire");

        var conflict = await _client.Damage(id, 1, "fire", headers: ("If-Match", "\"0\""));

        conflict.AssertProblem(HttpStatusCode.Conflict);
        Assert.Equal(1, conflict.Json.GetProperty("currentVersion").GetInt64());
        Assert.Equal(0, conflict.Json.GetProperty("expectedVersion").GetInt64());
        Assert.Equal("\"1\"", conflict.Header("ETag"));
        Assert.Equal(7, (await _client.Get($"/characters/{id}")).Json.GetProperty("currentHitPoints").GetInt32());
    }

    [Theory]
    [InlineData("3")]
    [InlineData("W/\"3\"")]
    [InlineData("\"a\"")]
    [InlineData("\"1\", \"2\"")]
    public async Task Given_a_malformed_If_Match_When_a_command_is_posted_Then_400_naming_If_Match(string ifMatch)
    {
        var id = await _client.CreateCharacter();

        var response = await _client.Damage(id, 1, "fire", headers: ("If-Match", ifMatch));

        response.AssertProblem(HttpStatusCode.BadRequest);
        Assert.Contains("If-Match", response.Errors.Keys);
    }

    [Fact]
    public async Task Given_an_Idempotency_Key_When_a_command_is_repeated_Then_the_same_status_and_body_and_it_is_applied_once()
    {
        var id = await _client.CreateCharacter(maximumHitPoints: 20);
        var key = ("Idempotency-Key", Guid.NewGuid().ToString());

        var first = await _client.Damage(id, 4, "acid", headers: key);
        var repeat = await _client.Damage(id, 4, "acid", headers: key);

        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.Equal(first.Status, repeat.Status);
        Assert.Equal(first.Body, repeat.Body);
        Assert.Equal(first.Header("ETag"), repeat.Header("ETag"));
        var character = await _client.Get($"/characters/{id}");
        Assert.Equal(16, character.Json.GetProperty("currentHitPoints").GetInt32());
        Assert.Equal(1, character.Json.GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task Given_an_Idempotency_Key_When_a_creation_is_repeated_Then_the_same_201_and_one_character()
    {
        var key = ("Idempotency-Key", Guid.NewGuid().ToString());
        const string body = """{"name":"Lidda","maximumHitPoints":6}""";

        var first = await _client.PostJson("/characters", body, key);
        var repeat = await _client.PostJson("/characters", body, key);

        Assert.Equal(HttpStatusCode.Created, first.Status);
        Assert.Equal(HttpStatusCode.Created, repeat.Status);
        Assert.Equal(first.Body, repeat.Body);
        Assert.Equal(first.Message.Headers.Location, repeat.Message.Headers.Location);
        var id = first.Json.GetProperty("characterId").GetString();
        var history = await _client.Get($"/characters/{id}/history");
        Assert.Single(history.Json.GetProperty("events").EnumerateArray());
    }

    [Theory]
    [InlineData("not-a-guid")]
    [InlineData("00000000-0000-0000-0000-000000000000")]
    public async Task Given_an_invalid_Idempotency_Key_When_a_command_is_posted_Then_400_naming_the_header(string key)
    {
        var response = await _client.PostJson("/characters", """{"name":"Jozan","maximumHitPoints":9}""", ("Idempotency-Key", key));

        response.AssertProblem(HttpStatusCode.BadRequest);
        Assert.Contains("Idempotency-Key", response.Errors.Keys);
    }

    [Fact]
    public async Task Given_extra_server_owned_fields_When_creating_Then_they_are_ignored()
    {
        var created = await _client.PostJson(
            "/characters",
            """{"name":"Regdar","maximumHitPoints":8,"id":"hijack","characterId":"hijack","version":41,"currentHitPoints":1,"createdAt":"2001-01-01T00:00:00Z"}""");

        Assert.Equal(HttpStatusCode.Created, created.Status);
        var id = created.Json.GetProperty("characterId").GetString();
        Assert.NotEqual("hijack", id);
        Assert.Equal(0, created.Json.GetProperty("version").GetInt64());
        var character = await _client.Get($"/characters/{id}");
        Assert.Equal(8, character.Json.GetProperty("currentHitPoints").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, (await _client.Get("/characters/hijack")).Status);
    }

    [Fact]
    public async Task Given_extra_fields_on_a_command_When_posted_Then_the_version_is_the_servers()
    {
        var id = await _client.CreateCharacter();

        var damage = await _client.PostJson($"/characters/{id}/damage", """{"parts":[{"amount":1,"damageType":"fire"}],"version":99,"expectedVersion":99,"timestamp":"2001-01-01T00:00:00Z"}""");

        Assert.Equal(HttpStatusCode.OK, damage.Status);
        Assert.Equal(1, damage.Json.GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task Given_missing_and_invalid_fields_When_creating_Then_400_lists_each_field()
    {
        var missing = await _client.PostJson("/characters", "{}");
        var invalid = await _client.PostJson("/characters", JsonSerializer.Serialize(new { name = new string('x', 101), maximumHitPoints = 0 }));

        missing.AssertProblem(HttpStatusCode.BadRequest);
        Assert.Equal(["maximumHitPoints", "name"], missing.Errors.Keys.Order(StringComparer.Ordinal));
        invalid.AssertProblem(HttpStatusCode.BadRequest);
        Assert.Equal(["maximumHitPoints", "name"], invalid.Errors.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Given_free_text_with_a_bidi_override_or_control_character_When_posted_Then_400_naming_the_field_and_nothing_written()
    {
        var id = await _client.CreateCharacter();

        var source = await _client.Damage(id, 1, "fire", "gob\u202Elin");
        var note = await _client.PostJson($"/characters/{id}/damage", """{"parts":[{"amount":1,"damageType":"fire"}],"note":"a\u0000b"}""");
        var name = await _client.PostJson("/characters", """{"name":"Tor\u001B[31mdek","maximumHitPoints":8}""");

        source.AssertProblem(HttpStatusCode.BadRequest);
        Assert.Contains("U+202E", Assert.Single(source.Errors["source"]), StringComparison.Ordinal);
        note.AssertProblem(HttpStatusCode.BadRequest);
        Assert.Contains("U+0000", Assert.Single(note.Errors["note"]), StringComparison.Ordinal);
        name.AssertProblem(HttpStatusCode.BadRequest);
        Assert.Contains("U+001B", Assert.Single(name.Errors["name"]), StringComparison.Ordinal);
        var character = await _client.Get($"/characters/{id}");
        Assert.Equal(0, character.Json.GetProperty("version").GetInt64());
        Assert.Equal("\"0\"", character.Header("ETag"));
    }

    [Theory]
    [InlineData("""{"parts":[{"amount":"three","damageType":"fire"}]}""", "parts[0].amount")]
    [InlineData("""{"parts":[{"amount":"3","damageType":"fire"}]}""", "parts[0].amount")]
    [InlineData("""{"parts":[{"amount":3,"damageType":"banana"}]}""", "parts[0].damageType")]
    [InlineData("""{"parts":[{"amount":3,"damageType":1}]}""", "parts[0].damageType")]
    [InlineData("""{"parts":[{"amount":3.5,"damageType":"fire"}]}""", "parts[0].amount")]
    [InlineData("""{"parts":[{"amount":3,"damageType":"fire"}],"source":{"name":"goblin"}}""", "source")]
    [InlineData("""{"parts":[{"amount":3,"damageType":"fire"}""", "body")]
    [InlineData("""{"parts":[{"damageType":"fire"}]}""", "parts[0].amount")]
    [InlineData("""{"parts":[{"amount":3,"damageType":"fire"},{"amount":3}]}""", "parts[1].damageType")]
    [InlineData("""{"parts":[{"amount":0,"damageType":"fire"}]}""", "parts[0].amount")]
    [InlineData("""{"parts":[]}""", "parts")]
    [InlineData("""{"parts":[null]}""", "parts[0]")]
    [InlineData("""{"parts":[{"amount":3,"damageType":"fire"}],"critical":"yes"}""", "critical")]
    [InlineData("""{"amount":3,"damageType":"fire"}""", "parts")]
    public async Task Given_a_malformed_damage_body_When_posted_Then_400_naming_the_field(string json, string field)
    {
        var id = await _client.CreateCharacter();

        var response = await _client.PostJson($"/characters/{id}/damage", json);

        response.AssertProblem(HttpStatusCode.BadRequest);
        Assert.Equal([field], response.Errors.Keys);
        Assert.DoesNotContain("System.", response.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_a_death_save_without_a_roll_When_posted_Then_400_rather_than_a_silent_roll()
    {
        var id = await _client.CreateCharacter();

        var response = await _client.PostJson($"/characters/{id}/death-saves", "{}");

        response.AssertProblem(HttpStatusCode.BadRequest);
        Assert.Equal(["roll"], response.Errors.Keys);
    }

    [Fact]
    public async Task Given_a_body_that_is_not_JSON_When_posted_Then_415()
    {
        var id = await _client.CreateCharacter();
        using var content = new StringContent("amount=3", System.Text.Encoding.UTF8, "text/plain");

        var response = await Response.From(await _client.PostAsync(new Uri($"/characters/{id}/healing", UriKind.Relative), content));

        response.AssertProblem(HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task Given_an_empty_body_When_a_command_needs_one_Then_400()
    {
        var id = await _client.CreateCharacter();

        var response = await _client.PostJson($"/characters/{id}/healing", null);

        response.AssertProblem(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Given_a_body_over_the_limit_When_posted_Then_413()
    {
        var id = await _client.CreateCharacter();

        var response = await _client.PostJson(
            $"/characters/{id}/damage", JsonSerializer.Serialize(new { parts = new[] { new { amount = 1, damageType = "fire" } }, note = new string('x', 20_000) }));

        response.AssertProblem(HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task Given_an_invalid_character_id_When_getting_Then_400_naming_id()
    {
        var response = await _client.Get("/characters/not%20valid!");

        response.AssertProblem(HttpStatusCode.BadRequest);
        Assert.Equal(["id"], response.Errors.Keys);
    }

    [Fact]
    public async Task Given_no_such_character_When_reading_or_commanding_Then_404()
    {
        var id = Guid.NewGuid().ToString("N");

        (await _client.Get($"/characters/{id}")).AssertProblem(HttpStatusCode.NotFound);
        (await _client.Get($"/characters/{id}/history")).AssertProblem(HttpStatusCode.NotFound);
        (await _client.Damage(id, 1, "fire")).AssertProblem(HttpStatusCode.NotFound);
        (await _client.PostJson($"/characters/{id}/long-rests", null)).AssertProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Given_a_conscious_character_When_a_death_save_is_recorded_Then_422_naming_the_rule_and_nothing_written()
    {
        var id = await _client.CreateCharacter();

        var response = await _client.PostJson($"/characters/{id}/death-saves", """{"roll":4}""");

        response.AssertProblem(HttpStatusCode.UnprocessableEntity);
        Assert.False(string.IsNullOrEmpty(response.Json.GetProperty("rule").GetString()));
        Assert.Equal(0, (await _client.Get($"/characters/{id}")).Json.GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task Given_a_dead_character_When_healed_Then_422()
    {
        var id = await _client.CreateCharacter(maximumHitPoints: 5);
        await _client.Damage(id, 10, "necrotic");

        var response = await _client.PostJson($"/characters/{id}/healing", """{"amount":3}""");

        response.AssertProblem(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("dead", (await _client.Get($"/characters/{id}")).Json.GetProperty("condition").GetString());
    }

    [Fact]
    public async Task Given_three_events_When_reading_history_two_at_a_time_Then_the_cursor_leads_to_the_last_event()
    {
        var id = await _client.CreateCharacter();
        await _client.Damage(id, 2, "slashing", "goblin");
        await _client.Damage(id, 3, "bludgeoning", "bugbear");

        var first = await _client.Get($"/characters/{id}/history?pageSize=2");
        var cursor = first.Json.GetProperty("nextCursor").GetString();
        var second = await _client.Get($"/characters/{id}/history?pageSize=2&cursor={Uri.EscapeDataString(cursor!)}");

        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.Equal([0L, 1L], first.Json.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("version").GetInt64()));
        var last = Assert.Single(second.Json.GetProperty("events").EnumerateArray());
        Assert.Equal(2, last.GetProperty("version").GetInt64());
        Assert.Equal("bludgeoning", last.GetProperty("event").GetProperty("parts")[0].GetProperty("damageType").GetString());
        Assert.Equal("bugbear", last.GetProperty("event").GetProperty("source").GetString());
        Assert.Equal(JsonValueKind.Null, second.Json.GetProperty("nextCursor").ValueKind);
    }

    [Fact]
    public async Task Given_characters_When_listing_in_pages_Then_every_character_appears_once_and_pages_are_bounded()
    {
        var ids = new[] { await _client.CreateCharacter("A"), await _client.CreateCharacter("B"), await _client.CreateCharacter("C") };

        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var page = await _client.Get("/characters?pageSize=2" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor)));
            Assert.Equal(HttpStatusCode.OK, page.Status);
            var characters = page.Json.GetProperty("characters").EnumerateArray().ToList();
            Assert.InRange(characters.Count, 0, 2);
            seen.AddRange(characters.Select(c => c.GetProperty("characterId").GetString()!));
            cursor = page.Json.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null);

        Assert.Subset(seen.ToHashSet(), ids.ToHashSet());
        Assert.Equal(seen.Count, seen.Distinct().Count());
    }

    [Theory]
    [InlineData("/characters?pageSize=0")]
    [InlineData("/characters?pageSize=100000")]
    [InlineData("/characters?pageSize=ten")]
    [InlineData("/characters/abc/history?pageSize=100000")]
    public async Task Given_a_page_size_out_of_bounds_When_listing_Then_400_naming_pageSize(string path)
    {
        var response = await _client.Get(path);

        response.AssertProblem(HttpStatusCode.BadRequest);
        Assert.Equal(["pageSize"], response.Errors.Keys);
    }

    [Fact]
    public async Task Given_a_cursor_the_server_did_not_issue_When_listing_Then_400_naming_cursor()
    {
        var response = await _client.Get("/characters?cursor=bm90LWEtY3Vyc29y");

        response.AssertProblem(HttpStatusCode.BadRequest);
        Assert.Equal(["cursor"], response.Errors.Keys);
    }

    [Fact]
    public async Task Given_an_unknown_route_When_requested_Then_a_404_problem()
    {
        (await _client.Get("/nothing-here")).AssertProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Given_the_host_When_asking_for_the_OpenAPI_document_and_health_Then_both_are_served()
    {
        var openApi = await _client.Get("/openapi/v1.json");
        var health = await _client.Get("/health");

        Assert.Equal(HttpStatusCode.OK, openApi.Status);
        var damage = openApi.Json.GetProperty("paths").GetProperty("/characters/{id}/damage").GetProperty("post");
        Assert.Contains(damage.GetProperty("parameters").EnumerateArray(), p => p.GetProperty("name").GetString() == "If-Match");
        Assert.True(openApi.Json.GetProperty("components").GetProperty("securitySchemes").TryGetProperty("ApiKey", out _));
        Assert.Equal(HttpStatusCode.OK, health.Status);
    }
}
