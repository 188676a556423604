using System.Globalization;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace Api.Http;

/// <summary>A character's ETag is its stream version, as a strong entity tag: "2".</summary>
internal static class ETags
{
    public static string Format(long version) => "\"" + version.ToString(CultureInfo.InvariantCulture) + "\"";

    /// <summary>Parses one strong entity tag made by <see cref="Format"/>.</summary>
    public static bool TryParse(string? value, out long version)
    {
        version = 0;
        var text = value?.Trim();
        return text is { Length: > 2 } && text[0] == '"' && text[^1] == '"'
            && long.TryParse(text.AsSpan(1, text.Length - 2), NumberStyles.None, CultureInfo.InvariantCulture, out version);
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
