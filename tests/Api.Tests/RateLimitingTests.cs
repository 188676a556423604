using System.Net;

namespace Api.Tests;

/// <summary>Per-key rate limiting: the key over its limit gets 429 with Retry-After; another key is unaffected.</summary>
public sealed class RateLimitingTests : IDisposable
{
    private readonly ApiFactory _factory = new ApiFactory()
        .With("Api:RateLimit:PermitLimit", "3")
        .With("Api:RateLimit:WindowSeconds", "3600");

    [Fact]
    public async Task Given_a_key_over_its_limit_When_it_sends_another_request_Then_429_with_Retry_After_while_another_key_still_gets_through()
    {
        var busy = _factory.Client(ApiFactory.Key);
        var id = Guid.NewGuid().ToString("N");
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.NotFound, (await busy.Get($"/characters/{id}")).Status);
        }

        var limited = await busy.Get($"/characters/{id}");
        var other = await _factory.Client(ApiFactory.OtherKey).Get($"/characters/{id}");

        limited.AssertProblem(HttpStatusCode.TooManyRequests);
        Assert.True(int.TryParse(limited.Header("Retry-After"), out var seconds), $"Retry-After: {limited.Header("Retry-After")}");
        Assert.InRange(seconds, 1, 3600);
        Assert.Equal(HttpStatusCode.NotFound, other.Status);
    }

    [Fact]
    public async Task Given_anonymous_health_checks_over_the_limit_When_one_more_arrives_Then_429_because_each_one_reads_the_store()
    {
        var anonymous = _factory.Client(key: null);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await anonymous.Get("/health")).Status);
        }

        var limited = await anonymous.Get("/health");

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.Status);
        Assert.NotNull(limited.Header("Retry-After"));
    }

    public void Dispose() => _factory.Dispose();
}
