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

    /// <summary>Keys with a role and, for players, the resources they may write (docs/security.md).</summary>
    public List<ApiKeyOptions> Keys { get; set; } = [];

    /// <summary>
    /// Base64 key (at least 32 bytes) that signs continuation cursors. Unset: a random key per process, so cursors
    /// do not survive a restart.
    /// </summary>
    public string? CursorSigningKey { get; set; }

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

/// <summary>One configured key: its hash, role and grants.</summary>
public sealed class ApiKeyOptions
{
    /// <summary>Shown by /session and in logs; not secret.</summary>
    public string? Name { get; set; }

    /// <summary>Hex SHA-256 of the key.</summary>
    public string Hash { get; set; } = "";

    public ApiKeyRole Role { get; set; } = ApiKeyRole.Reader;

    /// <summary>For a player: resource category (such as "character") to the ids the key may write.</summary>
    public Dictionary<string, string[]> Grants { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>What a key may do (docs/security.md).</summary>
public enum ApiKeyRole
{
    /// <summary>Everything.</summary>
    Dm,

    /// <summary>Reads, and the writes on the resources granted, except DM-only ones.</summary>
    Player,

    /// <summary>Reads only.</summary>
    Reader,
}
