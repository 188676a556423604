using System.Buffers.Text;
using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace Api.Tests;

/// <summary>
/// Continuation cursors are tamper-evident (docs/security.md): the API signs the store's token with HMAC-SHA256 under
/// its key, bound to what the cursor continues; anything else is a 400 naming "cursor".
/// </summary>
public sealed class CursorSigningTests : IDisposable
{
    private static readonly string SharedKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    private readonly ApiFactory _api = new ApiFactory().With("Api:CursorSigningKey", SharedKey);
    private readonly ApiFactory _sameKey = new ApiFactory().With("Api:CursorSigningKey", SharedKey);
    private readonly ApiFactory _otherKey = new ApiFactory().With("Api:CursorSigningKey", Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));

    public void Dispose()
    {
        _api.Dispose();
        _sameKey.Dispose();
        _otherKey.Dispose();
    }

    [Fact]
    public async Task Given_a_hand_built_store_token_When_reading_history_Then_400_naming_cursor()
    {
        var (id, _) = await ThreeEvents(_api);
        var handBuilt = Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"v|character-{id}|1"));

        await AssertRefused(_api, $"/characters/{id}/history?cursor={handBuilt}");
        await AssertRefused(_api, $"/characters/{id}/history?cursor={handBuilt}.{Base64Url.EncodeToString(new byte[16])}");
    }

    [Fact]
    public async Task Given_an_issued_cursor_When_its_token_or_its_tag_is_altered_Then_400_naming_cursor()
    {
        var (id, cursor) = await ThreeEvents(_api);
        var dot = cursor.LastIndexOf('.');
        var token = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor.AsSpan(0, dot)));
        Assert.EndsWith("|2", token, StringComparison.Ordinal);
        var earlier = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(token[..^1] + "1"));
        var tag = cursor[(dot + 1)..];
        var flipped = (tag[0] == 'A' ? "B" : "A") + tag[1..];

        await AssertRefused(_api, $"/characters/{id}/history?cursor={earlier}.{tag}");
        await AssertRefused(_api, $"/characters/{id}/history?cursor={cursor[..dot]}.{flipped}");
        await AssertRefused(_api, $"/characters/{id}/history?cursor={cursor[..dot]}.{tag}A");
        Assert.Equal(HttpStatusCode.OK, (await _api.Client().Get($"/characters/{id}/history?pageSize=2&cursor={cursor}")).Status);
    }

    [Fact]
    public async Task Given_a_cursor_of_one_resource_When_used_on_another_Then_400_naming_cursor()
    {
        var (id, history) = await ThreeEvents(_api);
        var other = await _api.Client().CreateCharacter("Lidda");
        await _api.Client().CreateCharacter("Jozan");
        var list = (await _api.Client().Get("/characters?pageSize=1")).Json.GetProperty("nextCursor").GetString()!;

        await AssertRefused(_api, $"/characters/{other}/history?cursor={history}");
        await AssertRefused(_api, $"/characters?cursor={history}");
        await AssertRefused(_api, $"/characters/{id}/history?cursor={list}");
        Assert.Equal(HttpStatusCode.OK, (await _api.Client().Get($"/characters?pageSize=1&cursor={list}")).Status);
    }

    [Fact]
    public async Task Given_two_instances_When_they_share_the_configured_key_Then_a_cursor_of_one_works_on_the_other_and_not_on_a_third()
    {
        var command = Guid.NewGuid();
        var (id, cursor) = await ThreeEvents(_api, command);
        await ThreeEvents(_sameKey, command);
        await ThreeEvents(_otherKey, command);

        var same = await _sameKey.Client().Get($"/characters/{id}/history?pageSize=2&cursor={cursor}");

        Assert.Equal(HttpStatusCode.OK, same.Status);
        Assert.Equal(2, Assert.Single(same.Json.GetProperty("events").EnumerateArray()).GetProperty("version").GetInt64());
        await AssertRefused(_otherKey, $"/characters/{id}/history?pageSize=2&cursor={cursor}");
    }

    [Theory]
    [InlineData("c2hvcnQ=")]
    [InlineData("not base64!")]
    public void Given_a_signing_key_that_is_short_or_not_base64_When_starting_Then_the_API_refuses(string key)
    {
        using var factory = new ApiFactory().With("Api:CursorSigningKey", key);

        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        Assert.Contains("Api:CursorSigningKey is base64 of at least 32 bytes", error.ToString(), StringComparison.Ordinal);
    }

    // A character with three events (created, two damages) and the cursor after the first two.
    private static async Task<(string Id, string Cursor)> ThreeEvents(ApiFactory api, Guid? command = null)
    {
        var client = api.Client();
        var created = await client.PostJson("/characters", """{"name":"Tordek","maximumHitPoints":8}""", ("Idempotency-Key", (command ?? Guid.NewGuid()).ToString()));
        var id = created.Json.GetProperty("characterId").GetString()!;
        await client.Damage(id, 2, "slashing", "goblin");
        await client.Damage(id, 3, "bludgeoning", "bugbear");
        var page = await client.Get($"/characters/{id}/history?pageSize=2");
        return (id, page.Json.GetProperty("nextCursor").GetString()!);
    }

    private static async Task AssertRefused(ApiFactory api, string path)
    {
        var response = await api.Client().Get(path);
        response.AssertProblem(HttpStatusCode.BadRequest);
        Assert.Equal(["cursor"], response.Errors.Keys);
    }
}
