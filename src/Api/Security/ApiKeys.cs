using System.Collections.Frozen;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Api.Security;

/// <summary>A configured key as the API knows it: never the key itself, only its id (a prefix of its hash) and its scope.</summary>
internal sealed record ApiKey(string Id, string? Name, ApiKeyRole Role, FrozenDictionary<string, FrozenSet<string>> Grants)
{
    /// <summary>Whether this key may write resource <paramref name="category"/>/<paramref name="id"/>; see docs/security.md.</summary>
    public bool MayWrite(string? category, string? id, bool dmOnly) => Role switch
    {
        ApiKeyRole.Dm => true,
        ApiKeyRole.Player => !dmOnly && category is not null && id is not null
            && Grants.TryGetValue(category, out var ids) && ids.Contains(id),
        _ => false,
    };
}

/// <summary>Checks presented API keys against the configured SHA-256 hashes, and knows each key's scope.</summary>
internal sealed class ApiKeys
{
    public const string HeaderName = "X-Api-Key";

    private readonly byte[][] _hashes;
    private readonly ApiKey[] _keys;
    private readonly FrozenDictionary<string, ApiKey> _byId;

    public ApiKeys(IOptions<ApiOptions> options)
    {
        var configured = Configured(options.Value).ToArray();
        _hashes = [.. configured.Select(k => Convert.FromHexString(k.Hash.Trim()))];
        _keys = [.. configured.Select((k, i) => new ApiKey(
            Convert.ToHexStringLower(_hashes[i].AsSpan(0, 6)),
            k.Name,
            k.Role,
            k.Grants.ToFrozenDictionary(g => g.Key, g => g.Value.ToFrozenSet(StringComparer.Ordinal), StringComparer.Ordinal)))];
        _byId = _keys.DistinctBy(k => k.Id, StringComparer.Ordinal).ToFrozenDictionary(k => k.Id, StringComparer.Ordinal);
    }

    public bool IsConfigured => _hashes.Length > 0;

    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>
    /// The matched key, or null. Every configured hash is compared, in constant time, so the timing says nothing about
    /// which byte or which key differed.
    /// </summary>
    public ApiKey? Verify(string presented)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(presented), hash);
        var match = -1;
        for (var i = 0; i < _hashes.Length; i++)
        {
            if (CryptographicOperations.FixedTimeEquals(hash, _hashes[i]) && match < 0)
            {
                match = i;
            }
        }

        return match < 0 ? null : _keys[match];
    }

    /// <summary>The key an authenticated request carried, by the id in its claims.</summary>
    public ApiKey? Find(string? keyId) => keyId is not null && _byId.TryGetValue(keyId, out var key) ? key : null;

    public static bool IsValidHash(string? hash) =>
        hash is not null && hash.Trim().Length == SHA256.HashSizeInBytes * 2 && hash.Trim().All(char.IsAsciiHexDigit);

    /// <summary>Why the key configuration cannot be used, or null when it can; checked at startup.</summary>
    public static string? Problem(ApiOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var all = Configured(options).ToList();
        if (all.FirstOrDefault(k => !IsValidHash(k.Hash)) is { } bad)
        {
            return $"Api: the key '{bad.Name ?? "(unnamed)"}' has no valid hash; a hash is a hex SHA-256 (64 hex digits).";
        }

        // Keys are told apart by the first 12 hex digits of their hash (the key id), so those must differ too.
        if (all.GroupBy(k => k.Hash.Trim()[..12], StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            return $"Api: the hash {twice.Key}... is configured more than once.";
        }

        foreach (var key in options.Keys)
        {
            if (!Enum.IsDefined(key.Role))
            {
                return $"Api: the key '{key.Name}' has an unknown role; use dm, player or reader.";
            }

            var grants = key.Grants.Sum(g => g.Value.Count(id => !string.IsNullOrWhiteSpace(id)));
            if (key.Role == ApiKeyRole.Player && grants == 0)
            {
                return $"Api: the player key '{key.Name}' has no Grants; give it the ids of its characters (Grants:character).";
            }

            if (key.Role != ApiKeyRole.Player && key.Grants.Count > 0)
            {
                return $"Api: the {key.Role.ToString().ToLowerInvariant()} key '{key.Name}' has Grants; only player keys are limited by them.";
            }
        }

        return null;
    }

    // KeyHashes (the first configuration shape) are DM keys.
    private static IEnumerable<ApiKeyOptions> Configured(ApiOptions options) =>
        options.KeyHashes.Select(h => new ApiKeyOptions { Hash = h, Role = ApiKeyRole.Dm }).Concat(options.Keys);
}
