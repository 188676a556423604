using System.Net;

namespace Api.Tests;

/// <summary>API keys: writes need one; reads are open unless configured otherwise.</summary>
public sealed class ApiKeyTests(ApiFactory open, KeyedReadsApiFactory keyedReads)
    : IClassFixture<ApiFactory>, IClassFixture<KeyedReadsApiFactory>
{
    private readonly ApiFactory _open = open;
    private readonly ApiFactory _keyedReads = keyedReads;

    [Fact]
    public async Task Given_no_key_When_writing_Then_401_with_a_challenge_and_nothing_written()
    {
        var idempotencyKey = Guid.NewGuid();

        var response = await _open.Client(key: null).PostJson(
            "/characters", """{"name":"Nobody","maximumHitPoints":8}""", ("Idempotency-Key", idempotencyKey.ToString()));

        response.AssertProblem(HttpStatusCode.Unauthorized);
        Assert.Contains("X-Api-Key", response.Header("WWW-Authenticate"), StringComparison.Ordinal);
        // A creation's character id comes from its Idempotency-Key, so this is where it would have landed.
        (await _open.Client().Get($"/characters/{idempotencyKey:N}")).AssertProblem(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("wrong-key")]
    [InlineData(ApiFactory.Key + " ")]
    public async Task Given_a_wrong_key_When_writing_Then_403(string key)
    {
        var id = await _open.Client().CreateCharacter();

        var response = await _open.Client(key).Damage(id, 1, "fire");

        response.AssertProblem(HttpStatusCode.Forbidden);
        Assert.Equal(0, (await _open.Client().Get($"/characters/{id}")).Json.GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task Given_either_configured_key_When_writing_Then_201()
    {
        Assert.Equal(HttpStatusCode.Created, (await _open.Client(ApiFactory.Key).PostJson("/characters", """{"name":"A","maximumHitPoints":1}""")).Status);
        Assert.Equal(HttpStatusCode.Created, (await _open.Client(ApiFactory.OtherKey).PostJson("/characters", """{"name":"B","maximumHitPoints":1}""")).Status);
    }

    [Fact]
    public async Task Given_open_reads_When_reading_without_a_key_Then_200()
    {
        var id = await _open.Client().CreateCharacter();

        Assert.Equal(HttpStatusCode.OK, (await _open.Client(key: null).Get($"/characters/{id}")).Status);
        Assert.Equal(HttpStatusCode.OK, (await _open.Client(key: null).Get($"/characters/{id}/history")).Status);
        Assert.Equal(HttpStatusCode.OK, (await _open.Client(key: null).Get("/characters")).Status);
    }

    [Fact]
    public async Task Given_keyed_reads_When_reading_without_or_with_a_wrong_key_Then_401_or_403_and_200_with_the_key()
    {
        var id = await _keyedReads.Client().CreateCharacter();

        (await _keyedReads.Client(key: null).Get($"/characters/{id}")).AssertProblem(HttpStatusCode.Unauthorized);
        (await _keyedReads.Client(key: null).Get("/characters")).AssertProblem(HttpStatusCode.Unauthorized);
        (await _keyedReads.Client("wrong-key").Get($"/characters/{id}/history")).AssertProblem(HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.OK, (await _keyedReads.Client().Get($"/characters/{id}")).Status);
    }

    [Fact]
    public async Task Given_keyed_reads_When_asking_for_health_and_the_OpenAPI_document_Then_no_key_is_needed()
    {
        Assert.Equal(HttpStatusCode.OK, (await _keyedReads.Client(key: null).Get("/health")).Status);
        Assert.Equal(HttpStatusCode.OK, (await _keyedReads.Client(key: null).Get("/openapi/v1.json")).Status);
    }
}

/// <summary>The API with "Api:RequireKeyForReads" on.</summary>
public sealed class KeyedReadsApiFactory : ApiFactory
{
    public KeyedReadsApiFactory() => With("Api:RequireKeyForReads", "true");
}
