using System.Net;
using Api.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Api.Tests;

/// <summary>
/// Keys with scopes (docs/security.md), over HTTP: every write endpoint against every kind of caller, reads, 401/403
/// semantics, nothing written on a refusal, and GET /session.
/// </summary>
public sealed class ScopedKeyTests(ScopedKeysApiFactory factory, ScopedKeysKeyedReadsApiFactory keyedReads)
    : IClassFixture<ScopedKeysApiFactory>, IClassFixture<ScopedKeysKeyedReadsApiFactory>
{
    public enum Caller
    {
        Dm,
        DmFromKeys,
        PlayerOwnCharacter,
        PlayerOtherCharacter,
        Reader,
        NoKey,
        WrongKey,
    }

    /// <summary>Every command on a character, with a body of the right shape.</summary>
    public static readonly (string Operation, string Path, string? Body)[] Commands =
    [
        ("DealDamage", "damage", """{"parts":[{"amount":1,"damageType":"fire"}]}"""),
        ("Heal", "healing", """{"amount":1}"""),
        ("GrantTemporaryHitPoints", "temporary-hit-points", """{"amount":1}"""),
        ("RecordDeathSave", "death-saves", """{"roll":10}"""),
        ("TakeLongRest", "long-rests", null),
        ("Stabilize", "stabilizations", """{"method":"spare-the-dying"}"""),
        ("RecoverFromStability", "stable-recoveries", """{"hours":1}"""),
        ("Revive", "revivals", """{"spell":"revivify","hitPoints":1}"""),
        ("SpendHitDice", "short-rests", """{"rolls":[1]}"""),
        ("GainLevel", "level-ups", """{"maximumHitPointsIncrease":1}"""),
        ("ChangeConstitutionModifier", "constitution-changes", """{"constitutionModifier":0}"""),
        ("IncreaseMaximumHitPoints", "hit-point-maximum/increases", """{"amount":1,"source":"aid"}"""),
        ("EndMaximumHitPointsIncrease", "hit-point-maximum/increase-endings", """{"source":"aid"}"""),
        ("ReduceMaximumHitPoints", "hit-point-maximum/reductions", """{"amount":1,"source":"wight"}"""),
        ("GainDefense", "defenses", """{"defense":"resistance","damageTypes":["fire"],"source":"ring"}"""),
        ("LoseDefense", "defense-losses", """{"defense":"resistance","damageTypes":["fire"],"source":"ring"}"""),
    ];

    private static readonly string[] DmOnlyCommands = ["DealDamage", "ReduceMaximumHitPoints"];

    private readonly ScopedKeysApiFactory _api = factory;

    public static TheoryData<Caller, string> EveryCallerAndCommand()
    {
        var data = new TheoryData<Caller, string>();
        foreach (var caller in Enum.GetValues<Caller>())
        {
            foreach (var command in Commands)
            {
                data.Add(caller, command.Operation);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryCallerAndCommand))]
    public async Task Given_a_caller_When_posting_a_command_Then_only_a_key_whose_scope_covers_it_writes(Caller caller, string operation)
    {
        var (own, other) = await _api.Party();
        var target = caller == Caller.PlayerOtherCharacter ? other : own;
        var (_, path, body) = Commands.Single(c => c.Operation == operation);
        var before = await Version(target);

        var response = await _api.Client(KeyOf(caller)).PostJson($"/characters/{target}/{path}", body);

        var allowed = caller is Caller.Dm or Caller.DmFromKeys
            || (caller == Caller.PlayerOwnCharacter && !DmOnlyCommands.Contains(operation));
        if (allowed)
        {
            Assert.True(response.Status is HttpStatusCode.OK or HttpStatusCode.UnprocessableEntity, $"{caller} {operation}: {(int)response.Status} {response.Body}");
            Assert.Equal(response.Status == HttpStatusCode.OK ? before + 1 : before, await Version(target));
            return;
        }

        var expected = caller == Caller.NoKey ? HttpStatusCode.Unauthorized : HttpStatusCode.Forbidden;
        response.AssertProblem(expected);
        Assert.Equal(before, await Version(target));
        if (caller is Caller.PlayerOwnCharacter or Caller.PlayerOtherCharacter or Caller.Reader)
        {
            Assert.Equal(ScopeProblemResultHandler.OutOfScopeType, response.Json.GetProperty("type").GetString());
            var detail = response.Json.GetProperty("detail").GetString();
            Assert.Contains(
                caller switch
                {
                    Caller.Reader => "read-only",
                    _ when DmOnlyCommands.Contains(operation) => "Only the DM's API key may call " + operation,
                    _ => $"may not change character '{other}'",
                },
                detail,
                StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(Caller.Dm, HttpStatusCode.Created)]
    [InlineData(Caller.DmFromKeys, HttpStatusCode.Created)]
    [InlineData(Caller.PlayerOwnCharacter, HttpStatusCode.Forbidden)]
    [InlineData(Caller.Reader, HttpStatusCode.Forbidden)]
    [InlineData(Caller.NoKey, HttpStatusCode.Unauthorized)]
    [InlineData(Caller.WrongKey, HttpStatusCode.Forbidden)]
    public async Task Given_a_caller_When_creating_a_character_Then_only_the_DM_may(Caller caller, HttpStatusCode expected)
    {
        var idempotencyKey = Guid.NewGuid();

        var response = await _api.Client(KeyOf(caller)).PostJson(
            "/characters", """{"name":"Lidda","maximumHitPoints":7}""", ("Idempotency-Key", idempotencyKey.ToString()));

        Assert.Equal(expected, response.Status);
        var stored = await _api.Client().Get($"/characters/{idempotencyKey:N}");
        Assert.Equal(expected == HttpStatusCode.Created ? HttpStatusCode.OK : HttpStatusCode.NotFound, stored.Status);
    }

    [Fact]
    public void Given_the_test_table_When_compared_with_the_routes_Then_it_covers_every_command_on_a_character()
    {
        var routes = _api.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/characters/{id}/", StringComparison.Ordinal) == true
                && e.Metadata.GetOrderedMetadata<IAuthorizeData>().Any(a => a.Policy == "write"))
            .Select(e => e.Metadata.GetMetadata<IEndpointNameMetadata>()!.EndpointName)
            .Order(StringComparer.Ordinal);

        Assert.Equal(Commands.Select(c => c.Operation).Order(StringComparer.Ordinal), routes);
    }

    [Theory]
    [InlineData(Caller.Dm)]
    [InlineData(Caller.PlayerOwnCharacter)]
    [InlineData(Caller.Reader)]
    [InlineData(Caller.NoKey)]
    [InlineData(Caller.WrongKey)]
    public async Task Given_open_reads_When_any_caller_reads_Then_200(Caller caller)
    {
        var (own, other) = await _api.Party();
        var client = _api.Client(KeyOf(caller));

        Assert.Equal(HttpStatusCode.OK, (await client.Get("/characters")).Status);
        Assert.Equal(HttpStatusCode.OK, (await client.Get($"/characters/{other}")).Status);
        Assert.Equal(HttpStatusCode.OK, (await client.Get($"/characters/{own}/history")).Status);
    }

    [Theory]
    [InlineData(Caller.Dm, HttpStatusCode.OK)]
    [InlineData(Caller.DmFromKeys, HttpStatusCode.OK)]
    [InlineData(Caller.PlayerOwnCharacter, HttpStatusCode.OK)]
    [InlineData(Caller.Reader, HttpStatusCode.OK)]
    [InlineData(Caller.NoKey, HttpStatusCode.Unauthorized)]
    [InlineData(Caller.WrongKey, HttpStatusCode.Forbidden)]
    public async Task Given_keyed_reads_When_a_caller_reads_another_players_character_Then_any_valid_key_may(Caller caller, HttpStatusCode expected)
    {
        var (_, other) = await keyedReads.Party();
        var client = keyedReads.Client(KeyOf(caller));

        Assert.Equal(expected, (await client.Get($"/characters/{other}")).Status);
        Assert.Equal(expected, (await client.Get("/characters")).Status);
        Assert.Equal(expected, (await client.Get($"/characters/{other}/history")).Status);
    }

    [Fact]
    public async Task Given_a_player_key_When_asking_for_the_session_Then_its_role_grants_and_the_DM_only_operations()
    {
        var session = await _api.Client(ScopedKeysApiFactory.PlayerKey).Get("/session");

        Assert.Equal(HttpStatusCode.OK, session.Status);
        var json = session.Json;
        Assert.Equal("player", json.GetProperty("role").GetString());
        Assert.Equal("mialee", json.GetProperty("name").GetString());
        Assert.Equal(ApiKeys.Hash(ScopedKeysApiFactory.PlayerKey)[..12], json.GetProperty("keyId").GetString());
        Assert.True(json.GetProperty("canRead").GetBoolean());
        Assert.False(json.GetProperty("canWriteAll").GetBoolean());
        Assert.Equal([ScopedKeysApiFactory.OwnId], json.GetProperty("grants").GetProperty("character").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(
            // The encounter commands (from the encounters branch) have no player scope: running a fight is the DM's.
            [
                "AddCombatant", "CastMassHealing", "CreateCharacter", "DealAreaDamage", "DealDamage", "EndEncounter", "NextTurn",
                "RecordInitiative", "ReduceMaximumHitPoints", "RemoveCombatant", "StartEncounter",
            ],
            json.GetProperty("dmOnlyOperations").EnumerateArray().Select(e => e.GetString()));
    }

    [Theory]
    [InlineData(Caller.Dm, "dm", true, true)]
    [InlineData(Caller.DmFromKeys, "dm", true, true)]
    [InlineData(Caller.Reader, "reader", true, false)]
    [InlineData(Caller.NoKey, "anonymous", true, false)]
    public async Task Given_a_caller_When_asking_for_the_session_Then_its_role(Caller caller, string role, bool canRead, bool canWriteAll)
    {
        var json = (await _api.Client(KeyOf(caller)).Get("/session")).Json;

        Assert.Equal(role, json.GetProperty("role").GetString());
        Assert.Equal(canRead, json.GetProperty("canRead").GetBoolean());
        Assert.Equal(canWriteAll, json.GetProperty("canWriteAll").GetBoolean());
        Assert.Empty(json.GetProperty("grants").EnumerateObject());
    }

    [Fact]
    public async Task Given_keyed_reads_When_asking_for_the_session_without_a_key_or_with_a_wrong_one_Then_cannot_read_or_403()
    {
        var anonymous = await keyedReads.Client(key: null).Get("/session");
        var wrong = await keyedReads.Client("wrong-key").Get("/session");

        Assert.Equal(HttpStatusCode.OK, anonymous.Status);
        Assert.False(anonymous.Json.GetProperty("canRead").GetBoolean());
        wrong.AssertProblem(HttpStatusCode.Forbidden);
        Assert.Equal("The API key is not valid.", wrong.Json.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("Api:Keys:0:Role", "player", "has no Grants")]
    [InlineData("Api:Keys:0:Grants:character:0", "abc", "only player keys")]
    [InlineData("Api:Keys:0:Hash", "not-a-hash", "no valid hash")]
    [InlineData("Api:Keys:0:Hash", "DUP", "configured more than once")]
    public void Given_a_key_configuration_that_cannot_be_used_When_starting_Then_the_API_refuses_and_says_why(string setting, string value, string reason)
    {
        using var factory = new ApiFactory()
            .With("Api:Keys:0:Name", "broken")
            .With("Api:Keys:0:Hash", ApiKeys.Hash("a-reader-key"))
            .With("Api:Keys:0:Role", "reader")
            .With(setting, value == "DUP" ? ApiKeys.Hash(ApiFactory.Key) : value);

        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        Assert.Contains(reason, error.ToString(), StringComparison.Ordinal);
    }

    private async Task<long> Version(string id) =>
        (await _api.Client().Get($"/characters/{id}")).Json.GetProperty("version").GetInt64();

    private static string? KeyOf(Caller caller) => caller switch
    {
        Caller.Dm => ApiFactory.Key,
        Caller.DmFromKeys => ScopedKeysApiFactory.SecondDmKey,
        Caller.PlayerOwnCharacter or Caller.PlayerOtherCharacter => ScopedKeysApiFactory.PlayerKey,
        Caller.Reader => ScopedKeysApiFactory.ReaderKey,
        Caller.NoKey => null,
        _ => "not-a-configured-key",
    };
}

/// <summary>The API with a player key granted one character, a reader key and a DM key in Api:Keys.</summary>
public class ScopedKeysApiFactory : ApiFactory
{
    public const string PlayerKey = "player-key-mialee-0123456789";
    public const string ReaderKey = "reader-key-screen-0123456789";
    public const string SecondDmKey = "dm-key-from-keys-0123456789";
    public static readonly Guid OwnCommand = Guid.Parse("a1f3c0de-0000-4000-8000-000000000001");
    public static readonly Guid OtherCommand = Guid.Parse("a1f3c0de-0000-4000-8000-000000000002");
    public static readonly string OwnId = OwnCommand.ToString("N");

    public ScopedKeysApiFactory()
    {
        With("Api:Keys:0:Name", "mialee");
        With("Api:Keys:0:Hash", ApiKeys.Hash(PlayerKey));
        With("Api:Keys:0:Role", "player");
        With("Api:Keys:0:Grants:character:0", OwnId);
        With("Api:Keys:1:Name", "screen");
        With("Api:Keys:1:Hash", ApiKeys.Hash(ReaderKey));
        With("Api:Keys:1:Role", "Reader");
        With("Api:Keys:2:Hash", ApiKeys.Hash(SecondDmKey));
        With("Api:Keys:2:Role", "dm");
    }

    /// <summary>The player's character and another one, created by the DM (a repeat is answered from the first).</summary>
    public async Task<(string Own, string Other)> Party()
    {
        var dm = Client();
        foreach (var (command, name) in new[] { (OwnCommand, "Mialee"), (OtherCommand, "Tordek") })
        {
            var created = await dm.PostJson("/characters", $$"""{"name":"{{name}}","maximumHitPoints":30}""", ("Idempotency-Key", command.ToString()));
            Assert.Equal(HttpStatusCode.Created, created.Status);
        }

        return (OwnId, OtherCommand.ToString("N"));
    }
}

/// <summary>The same keys with reads requiring a key.</summary>
public sealed class ScopedKeysKeyedReadsApiFactory : ScopedKeysApiFactory
{
    public ScopedKeysKeyedReadsApiFactory() => With("Api:RequireKeyForReads", "true");
}
