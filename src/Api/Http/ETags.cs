using System.Globalization;

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
}
