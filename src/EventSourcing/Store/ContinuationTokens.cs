using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace EventSourcing;

/// <summary>
/// The opaque continuation tokens (base64url) every adapter issues. A token names what it continues, so a token of
/// another stream or listing is refused rather than silently reading the wrong place.
/// </summary>
public static class ContinuationTokens
{
    public static string ForVersion(StreamId stream, long version) =>
        Encode($"v|{stream}|{version.ToString(CultureInfo.InvariantCulture)}");

    public static long ReadVersion(string token, StreamId stream)
    {
        var parts = Decode(token).Split('|');
        return parts.Length == 3 && parts[0] == "v" && parts[1] == stream.ToString()
            && long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var version)
                ? version
                : throw new InvalidContinuationTokenException("The continuation token was not issued for this stream.");
    }

    public static string ForStreamId(string category, string streamId) => Encode($"s|{category}|{streamId}");

    public static string ReadStreamId(string token, string category)
    {
        var parts = Decode(token).Split('|');
        return parts.Length == 3 && parts[0] == "s" && parts[1] == category && parts[2].Length > 0
            ? parts[2]
            : throw new InvalidContinuationTokenException("The continuation token was not issued for this listing.");
    }

    private static string Encode(string text) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(text));

    private static string Decode(string token)
    {
        try
        {
            return Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
        }
        catch (FormatException ex)
        {
            throw new InvalidContinuationTokenException("The continuation token is malformed.", ex);
        }
    }
}
