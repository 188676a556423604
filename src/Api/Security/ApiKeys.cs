using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Api.Security;

/// <summary>Checks presented API keys against the configured SHA-256 hashes.</summary>
internal sealed class ApiKeys
{
    public const string HeaderName = "X-Api-Key";

    private readonly byte[][] _hashes;

    public ApiKeys(IOptions<ApiOptions> options)
    {
        _hashes = options.Value.KeyHashes.Select(h => Convert.FromHexString(h.Trim())).ToArray();
    }

    public bool IsConfigured => _hashes.Length > 0;

    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>
    /// The matched key's id (a prefix of its hash, safe to log and to partition on), or null.
    /// Every configured hash is compared, in constant time, so the timing says nothing about which byte
    /// or which key differed.
    /// </summary>
    public string? Verify(string presented)
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

        return match < 0 ? null : Convert.ToHexStringLower(_hashes[match].AsSpan(0, 6));
    }

    public static bool IsValidHash(string? hash) =>
        hash is not null && hash.Trim().Length == SHA256.HashSizeInBytes * 2 && hash.Trim().All(char.IsAsciiHexDigit);
}
