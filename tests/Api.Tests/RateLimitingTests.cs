using System.Net;
using System.Threading.RateLimiting;

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

/// <summary>A tiny window (one request per 5 s): Retry-After is the time really left in it, and the 429 body says who was limited.</summary>
public sealed class RateLimitWindowTests : IDisposable
{
    private const int WindowSeconds = 5;

    private readonly ApiFactory _factory = new ApiFactory()
        .With("Api:RateLimit:PermitLimit", "1")
        .With("Api:RateLimit:WindowSeconds", WindowSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public async Task Given_a_key_over_its_limit_When_it_sends_another_request_Then_Retry_After_is_within_the_window_and_the_body_names_the_key()
    {
        var client = _factory.Client(ApiFactory.Key);
        Assert.Equal(HttpStatusCode.OK, (await client.Get("/characters")).Status);

        var limited = await client.Get("/characters");

        limited.AssertProblem(HttpStatusCode.TooManyRequests);
        var seconds = int.Parse(limited.Header("Retry-After")!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(seconds, 1, WindowSeconds);
        Assert.Equal("/problems/rate-limited", limited.Json.GetProperty("type").GetString());
        Assert.Contains("for this API key", limited.Json.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Given_a_window_used_up_20_minutes_into_the_hour_When_refused_Then_Retry_After_is_the_40_minutes_left()
    {
        // The clock moves by hand; the framework's own window (an hour of real time) is still closed when we ask.
        var clock = new SteppedClock();
        using var limiter = new Api.Http.FixedWindowWithTimeLeft(
            new FixedWindowRateLimiterOptions { PermitLimit = 1, Window = TimeSpan.FromHours(1), QueueLimit = 0, AutoReplenishment = true }, clock);
        using var first = limiter.AttemptAcquire();
        clock.Advance(TimeSpan.FromMinutes(20));

        using var refused = limiter.AttemptAcquire();

        Assert.True(first.IsAcquired);
        Assert.False(refused.IsAcquired);
        Assert.True(refused.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter));
        Assert.Equal(TimeSpan.FromMinutes(40), retryAfter);
    }

    [Fact]
    public async Task Given_a_client_without_a_key_over_its_limit_When_it_sends_another_request_Then_Retry_After_is_within_the_window_and_the_body_names_the_client()
    {
        var anonymous = _factory.Client(key: null);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.Get("/characters")).Status);

        var limited = await anonymous.Get("/characters");

        limited.AssertProblem(HttpStatusCode.TooManyRequests);
        var seconds = int.Parse(limited.Header("Retry-After")!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(seconds, 1, WindowSeconds);
        Assert.Equal("/problems/rate-limited", limited.Json.GetProperty("type").GetString());
        var detail = limited.Json.GetProperty("detail").GetString();
        Assert.Contains("from this client", detail, StringComparison.Ordinal);
        Assert.DoesNotContain("API key", detail, StringComparison.Ordinal);
    }

    public void Dispose() => _factory.Dispose();
}

/// <summary>A monotonic clock the test moves by hand.</summary>
internal sealed class SteppedClock : TimeProvider
{
    private long _ticks;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => _ticks;

    public void Advance(TimeSpan by) => _ticks += by.Ticks;
}
