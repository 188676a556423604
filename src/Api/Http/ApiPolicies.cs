namespace Api.Http;

/// <summary>The authorization and rate-limit policies every resource shares, whatever aggregate it serves.</summary>
internal static class ApiPolicies
{
    /// <summary>Reading: open unless keys are required for reads.</summary>
    public const string Read = "read";

    /// <summary>Writing: a valid API key.</summary>
    public const string Write = "write";

    /// <summary>Fixed-window rate limiting per API key (or per client address without one).</summary>
    public const string RateLimit = "per-api-key";
}
