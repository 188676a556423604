using System.Net;
using System.Text.Json;

namespace Api.Tests;

/// <summary>The SRD 5.1 commands over HTTP: for each, a success, a shape error naming the field, and a broken rule.</summary>
public sealed class RulesEndpointsTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = factory.Client();

    [Fact]
    public async Task Given_level_Hit_Die_and_Constitution_When_created_Then_the_character_shows_them()
    {
        var id = await Create("""{"name":"Brom","maximumHitPoints":28,"level":3,"hitDie":"d10","constitutionModifier":2}""");

        var view = await View(id);

        Assert.Equal((3, "d10", 3, 2), (view.GetProperty("level").GetInt32(), view.GetProperty("hitDie").GetString(), view.GetProperty("hitDiceLeft").GetInt32(), view.GetProperty("constitutionModifier").GetInt32()));
        var invalid = await _client.PostJson("/characters", """{"name":"Brom","maximumHitPoints":28,"hitDie":"d7"}""");
        invalid.AssertProblem(HttpStatusCode.BadRequest);
        Assert.Equal(["hitDie"], invalid.Errors.Keys);
        AssertRule(await _client.PostJson("/characters", """{"name":"Brom","maximumHitPoints":28,"level":21}"""), "character.level");
    }

    [Fact]
    public async Task Given_a_dying_character_When_a_critical_hit_lands_Then_two_failures_and_a_knock_out_makes_another_stable()
    {
        var id = await Dying();
        var knocked = await Create("""{"name":"Orc","maximumHitPoints":8}""");

        var critical = await Post(id, "damage", """{"parts":[{"amount":2,"damageType":"piercing"},{"amount":1,"damageType":"fire"}],"critical":true}""");
        var knockOut = await Post(knocked, "damage", """{"parts":[{"amount":9,"damageType":"bludgeoning"}],"knockOut":true,"source":"Tordek"}""");

        Assert.Equal(HttpStatusCode.OK, critical.Status);
        Assert.Equal(2, (await View(id)).GetProperty("deathSaveFailures").GetInt32());
        Assert.Equal(HttpStatusCode.OK, knockOut.Status);
        Assert.Equal("stable", (await View(knocked)).GetProperty("condition").GetString());
        AssertRule(await Post(id, "damage", """{"parts":[{"amount":1,"damageType":"fire"}],"knockOut":true}"""), "knock-out.needs-hit-points");
    }

    [Fact]
    public async Task Given_a_dying_character_When_a_20_is_rolled_Then_1_HP_and_a_21_breaks_the_rule()
    {
        var id = await Dying();

        AssertRule(await Post(id, "death-saves", """{"roll":21}"""), "death-save.roll");
        Assert.Equal(HttpStatusCode.OK, (await Post(id, "death-saves", """{"roll":20}""")).Status);

        Assert.Equal((1, "conscious"), Hp(await View(id)));
        AssertField(await Post(id, "death-saves", """{"roll":"twenty"}"""), "roll");
    }

    [Fact]
    public async Task Given_a_dying_character_When_stabilized_by_a_Medicine_check_Then_stable()
    {
        var id = await Dying();

        AssertField(await Post(id, "stabilizations", """{"method":"prayer"}"""), "method");
        AssertRule(await Post(id, "stabilizations", """{"method":"medicine-check","check":8}"""), "stabilize.check-failed");
        Assert.Equal(HttpStatusCode.OK, (await Post(id, "stabilizations", """{"method":"medicine-check","by":"Jozan","check":12}""")).Status);

        Assert.Equal((0, "stable"), Hp(await View(id)));
        var history = await _client.Get($"/characters/{id}/history");
        Assert.Equal("stabilised by a Wisdom (Medicine) check of 12 by Jozan", history.Json.GetProperty("events").EnumerateArray().Last().GetProperty("description").GetString());
    }

    [Fact]
    public async Task Given_a_stable_character_When_hours_pass_Then_1_HP()
    {
        var id = await Dying();
        AssertRule(await Post(id, "stable-recoveries", """{"hours":2}"""), "character.not-stable");
        Assert.Equal(HttpStatusCode.OK, (await Post(id, "stabilizations", """{"method":"healers-kit"}""")).Status);

        AssertField(await Post(id, "stable-recoveries", "{}"), "hours");
        AssertRule(await Post(id, "stable-recoveries", """{"hours":5}"""), "stable-recovery.hours");
        Assert.Equal(HttpStatusCode.OK, (await Post(id, "stable-recoveries", """{"hours":3}""")).Status);

        Assert.Equal((1, "conscious"), Hp(await View(id)));
    }

    [Fact]
    public async Task Given_a_dead_character_When_Revivify_is_cast_Then_alive_with_1_HP()
    {
        var id = await Create("""{"name":"Cora","maximumHitPoints":8}""");
        AssertRule(await Post(id, "revivals", """{"spell":"Revivify","hitPoints":1}"""), "character.not-dead");
        Assert.Equal(HttpStatusCode.OK, (await _client.Damage(id, 16, "necrotic")).Status);

        AssertField(await Post(id, "revivals", """{"spell":" ","hitPoints":1}"""), "spell");
        Assert.Equal(HttpStatusCode.OK, (await Post(id, "revivals", """{"spell":"Revivify","hitPoints":1}""")).Status);

        Assert.Equal((1, "conscious"), Hp(await View(id)));
    }

    [Fact]
    public async Task Given_a_wounded_character_When_healed_from_a_source_and_granted_temporary_HP_to_replace_Then_both_land()
    {
        var id = await Create("""{"name":"Tordek","maximumHitPoints":8}""");
        await _client.Damage(id, 5, "slashing");

        Assert.Equal(HttpStatusCode.OK, (await Post(id, "healing", """{"amount":2,"source":"potion of healing"}""")).Status);
        Assert.Equal(HttpStatusCode.OK, (await Post(id, "temporary-hit-points", """{"amount":8,"source":"False Life"}""")).Status);
        Assert.Equal(HttpStatusCode.OK, (await Post(id, "temporary-hit-points", """{"amount":3,"replace":true}""")).Status);

        var view = await View(id);
        Assert.Equal((5, 3), (view.GetProperty("currentHitPoints").GetInt32(), view.GetProperty("temporaryHitPoints").GetInt32()));
        AssertField(await Post(id, "healing", JsonSerializer.Serialize(new { amount = 1, source = new string('s', 101) })), "source");
        AssertField(await Post(id, "temporary-hit-points", """{"amount":1,"replace":"yes"}"""), "replace");
    }

    [Fact]
    public async Task Given_a_wounded_fighter_When_a_short_rest_spends_two_Hit_Dice_Then_HP_and_dice_left()
    {
        var id = await Create("""{"name":"Brom","maximumHitPoints":30,"level":3,"hitDie":"d10","constitutionModifier":1}""");
        await _client.Damage(id, 20, "slashing");

        AssertField(await Post(id, "short-rests", """{"rolls":[]}"""), "rolls");
        AssertRule(await Post(id, "short-rests", """{"rolls":[11]}"""), "hit-dice.roll");
        Assert.Equal(HttpStatusCode.OK, (await Post(id, "short-rests", """{"rolls":[3,6]}""")).Status);

        var view = await View(id);
        Assert.Equal((21, 1), (view.GetProperty("currentHitPoints").GetInt32(), view.GetProperty("hitDiceLeft").GetInt32()));
        AssertRule(await Post(id, "short-rests", """{"rolls":[3,6]}"""), "hit-dice.not-enough");
    }

    [Fact]
    public async Task Given_a_wounded_character_at_0_When_a_long_rest_is_asked_Then_the_rule_and_after_healing_full()
    {
        var id = await Dying();

        AssertRule(await _client.PostJson($"/characters/{id}/long-rests", null), "long-rest.needs-hit-points");
        await Post(id, "healing", """{"amount":1}""");
        Assert.Equal(HttpStatusCode.OK, (await _client.PostJson($"/characters/{id}/long-rests", null)).Status);

        Assert.Equal((8, "conscious"), Hp(await View(id)));
    }

    [Fact]
    public async Task Given_a_level_1_fighter_When_it_levels_up_Then_the_maximum_rises_within_the_die()
    {
        var id = await Create("""{"name":"Brom","maximumHitPoints":12,"hitDie":"d10","constitutionModifier":2}""");

        AssertField(await Post(id, "level-ups", "{}"), "maximumHitPointsIncrease");
        AssertRule(await Post(id, "level-ups", """{"maximumHitPointsIncrease":13}"""), "level-up.increase-above-hit-die");
        Assert.Equal(HttpStatusCode.OK, (await Post(id, "level-ups", """{"maximumHitPointsIncrease":8}""")).Status);

        var view = await View(id);
        Assert.Equal((2, 20, 20), (view.GetProperty("level").GetInt32(), view.GetProperty("maximumHitPoints").GetInt32(), view.GetProperty("currentHitPoints").GetInt32()));
    }

    [Fact]
    public async Task Given_a_character_When_its_Constitution_modifier_rises_Then_the_maximum_rises_by_level()
    {
        var id = await Create("""{"name":"Brom","maximumHitPoints":12,"level":2}""");

        AssertField(await Post(id, "constitution-changes", """{"constitutionModifier":11}"""), "constitutionModifier");
        AssertRule(await Post(id, "constitution-changes", """{"constitutionModifier":0}"""), "constitution.unchanged");
        Assert.Equal(HttpStatusCode.OK, (await Post(id, "constitution-changes", """{"constitutionModifier":1}""")).Status);

        Assert.Equal(14, (await View(id)).GetProperty("maximumHitPoints").GetInt32());
    }

    [Fact]
    public async Task Given_Aid_When_cast_and_ended_Then_the_maximum_rises_and_falls_back()
    {
        var id = await Create("""{"name":"Tordek","maximumHitPoints":8}""");

        AssertField(await Post(id, "hit-point-maximum/increases", """{"amount":5}"""), "source");
        Assert.Equal(HttpStatusCode.OK, (await Post(id, "hit-point-maximum/increases", """{"amount":5,"source":"Aid"}""")).Status);
        AssertRule(await Post(id, "hit-point-maximum/increases", """{"amount":5,"source":"Aid"}"""), "hit-point-maximum.increase-active");
        var aided = await View(id);
        Assert.Equal((13, 13), (aided.GetProperty("maximumHitPoints").GetInt32(), aided.GetProperty("currentHitPoints").GetInt32()));
        Assert.Equal("Aid", aided.GetProperty("maximumIncreases")[0].GetProperty("source").GetString());

        AssertField(await Post(id, "hit-point-maximum/increase-endings", "{}"), "source");
        AssertRule(await Post(id, "hit-point-maximum/increase-endings", """{"source":"Bless"}"""), "hit-point-maximum.increase-not-active");
        Assert.Equal(HttpStatusCode.OK, (await Post(id, "hit-point-maximum/increase-endings", """{"source":"Aid"}""")).Status);

        Assert.Equal((8, "conscious"), Hp(await View(id)));
        Assert.Equal(8, (await View(id)).GetProperty("maximumHitPoints").GetInt32());
    }

    [Fact]
    public async Task Given_a_wight_When_Life_Drain_reduces_the_maximum_Then_it_is_reduced_and_to_0_kills()
    {
        var id = await Create("""{"name":"Tordek","maximumHitPoints":8}""");

        AssertField(await Post(id, "hit-point-maximum/reductions", """{"amount":0}"""), "amount");
        Assert.Equal(HttpStatusCode.OK, (await Post(id, "hit-point-maximum/reductions", """{"amount":3,"source":"wight"}""")).Status);
        var drained = await View(id);
        Assert.Equal((5, 5, 3), (drained.GetProperty("maximumHitPoints").GetInt32(), drained.GetProperty("currentHitPoints").GetInt32(), drained.GetProperty("maximumReduction").GetInt32()));

        Assert.Equal(HttpStatusCode.OK, (await Post(id, "hit-point-maximum/reductions", """{"amount":5}""")).Status);
        Assert.Equal("dead", (await View(id)).GetProperty("condition").GetString());
        AssertRule(await Post(id, "hit-point-maximum/reductions", """{"amount":1}"""), "character.dead");
    }

    [Fact]
    public async Task Given_a_raging_barbarian_When_defenses_are_gained_and_lost_Then_damage_follows_them()
    {
        var id = await Create("""{"name":"Krusk","maximumHitPoints":30}""");

        AssertField(await Post(id, "defenses", """{"defense":"resistance","damageTypes":[],"source":"rage"}"""), "damageTypes");
        Assert.Equal(HttpStatusCode.OK, (await Post(id, "defenses", """{"defense":"resistance","damageTypes":["bludgeoning","piercing","slashing"],"source":"rage"}""")).Status);
        AssertRule(await Post(id, "defenses", """{"defense":"resistance","damageTypes":["slashing"],"source":"rage"}"""), "defense.already-held");
        await _client.Damage(id, 10, "slashing");
        Assert.Equal(25, (await View(id)).GetProperty("currentHitPoints").GetInt32());

        AssertField(await Post(id, "defense-losses", """{"defense":"armour","damageTypes":["slashing"],"source":"rage"}"""), "defense");
        AssertRule(await Post(id, "defense-losses", """{"defense":"resistance","damageTypes":["slashing"],"source":"potion"}"""), "defense.not-held");
        Assert.Equal(HttpStatusCode.OK, (await Post(id, "defense-losses", """{"defense":"resistance","damageTypes":["bludgeoning","piercing","slashing"],"source":"rage"}""")).Status);

        var view = await View(id);
        Assert.Equal(0, view.GetProperty("resistances").GetArrayLength());
        Assert.Equal(0, view.GetProperty("defenses").GetArrayLength());
    }

    private async Task<string> Create(string json)
    {
        var created = await _client.PostJson("/characters", json);
        Assert.True(created.Status == HttpStatusCode.Created, created.Body);
        return created.Json.GetProperty("characterId").GetString()!;
    }

    /// <summary>A character at 0 HP, dying: 8 HP and 8 slashing.</summary>
    private async Task<string> Dying()
    {
        var id = await Create("""{"name":"Lidda","maximumHitPoints":8}""");
        Assert.Equal(HttpStatusCode.OK, (await _client.Damage(id, 8, "slashing")).Status);
        return id;
    }

    private Task<Response> Post(string id, string resource, string json) => _client.PostJson($"/characters/{id}/{resource}", json);

    private async Task<JsonElement> View(string id) => (await _client.Get($"/characters/{id}")).Json;

    private static (int HitPoints, string? Condition) Hp(JsonElement view) =>
        (view.GetProperty("currentHitPoints").GetInt32(), view.GetProperty("condition").GetString());

    private static void AssertField(Response response, string field)
    {
        response.AssertProblem(HttpStatusCode.BadRequest);
        Assert.Equal([field], response.Errors.Keys);
    }

    private static void AssertRule(Response response, string rule)
    {
        response.AssertProblem(HttpStatusCode.UnprocessableEntity);
        Assert.Equal(rule, response.Json.GetProperty("rule").GetString());
    }
}
