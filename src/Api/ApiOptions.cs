namespace Api;

/// <summary>Bound from the "Api" configuration section.</summary>
public sealed class ApiOptions
{
    public const string SectionName = "Api";

    /// <summary>
    /// Lower-case or upper-case hex SHA-256 hashes of the accepted API keys. Only hashes are configured, so a
    /// leaked configuration file does not leak a usable key.
    /// </summary>
    public string[] KeyHashes { get; set; } = [];

    /// <summary>False: anyone may read; true: reads need a key too.</summary>
    public bool RequireKeyForReads { get; set; }

    /// <summary>The largest request body accepted; commands are small JSON objects.</summary>
    public long MaxRequestBodyBytes { get; set; } = 16 * 1024;

    public RateLimitOptions RateLimit { get; set; } = new();

    /// <summary>Serves the API reference page (Scalar) at /scalar, built from the OpenAPI document. Off unless configured.</summary>
    public bool ReferencePage { get; set; }
}

/// <summary>A fixed window per API key (or per remote address for requests without a valid key).</summary>
public sealed class RateLimitOptions
{
    public int PermitLimit { get; set; } = 100;

    public int WindowSeconds { get; set; } = 10;
}
