using System.Globalization;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace Api.Http;

/// <summary>
/// A character's ETag is its stream version, as a strong entity tag: "2". A read that shows several streams (an
/// encounter with its characters' hit points) adds a digest of the other streams' versions after a dot: "2.1f0c9a7e3b5d4c21"
/// (see <see cref="Format(long, IEnumerable{string})"/>), so a change to any of them changes the tag.
/// </summary>
internal static class ETags
{
    private static readonly System.Buffers.SearchValues<char> LowerHex = System.Buffers.SearchValues.Create("0123456789abcdef");

    public static string Format(long version) => "\"" + version.ToString(CultureInfo.InvariantCulture) + "\"";

    /// <summary>
    /// The tag of a read that shows this stream at <paramref name="version"/> and other streams: the version, a dot, and
    /// the first 16 hex digits of SHA-256 over the other streams' "id:version" lines in the order given.
    /// </summary>
    public static string Format(long version, IEnumerable<string> others)
    {
        ArgumentNullException.ThrowIfNull(others);
        var digest = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(string.Join('\n', others)));
        return "\"" + version.ToString(CultureInfo.InvariantCulture) + "." + Convert.ToHexStringLower(digest.AsSpan(0, 8)) + "\"";
    }

    /// <summary>
    /// Parses one strong entity tag made by <see cref="Format(long)"/> or <see cref="Format(long, IEnumerable{string})"/>
    /// into the version of the stream itself: a digest after the dot is accepted and not compared (If-Match pins that
    /// stream's own version; the other streams are not the command's to pin).
    /// </summary>
    public static bool TryParse(string? value, out long version)
    {
        version = 0;
        var text = value?.Trim();
        if (text is not { Length: > 2 } || text[0] != '"' || text[^1] != '"')
        {
            return false;
        }

        var inner = text.AsSpan(1, text.Length - 2);
        var dot = inner.IndexOf('.');
        if (dot >= 0)
        {
            var digest = inner[(dot + 1)..];
            if (digest.Length != 16 || digest.ContainsAnyExcept(LowerHex))
            {
                return false;
            }

            inner = inner[..dot];
        }

        return long.TryParse(inner, NumberStyles.None, CultureInfo.InvariantCulture, out version);
    }

    /// <summary>
    /// Whether an If-None-Match header matches <paramref name="etag"/> (RFC 9110 §13.1.2): "*", or any entity tag of
    /// the list under weak comparison, so W/"2" and "2" both match "2". A header that does not parse matches nothing.
    /// </summary>
    public static bool NoneMatchMatches(StringValues ifNoneMatch, string etag)
    {
        if (StringValues.IsNullOrEmpty(ifNoneMatch)
            || !EntityTagHeaderValue.TryParseList(ifNoneMatch, out var tags))
        {
            return false;
        }

        var current = new EntityTagHeaderValue(etag);
        return tags.Any(tag => tag.Equals(EntityTagHeaderValue.Any) || tag.Compare(current, useStrongComparison: false));
    }
}
