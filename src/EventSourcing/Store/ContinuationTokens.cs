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
        // Stream ids may contain '|': match the expected prefix rather than splitting.
        var text = Decode(token);
        var prefix = $"v|{stream}|";
        return text.StartsWith(prefix, StringComparison.Ordinal)
            && long.TryParse(text.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var version)
                ? version
                : throw new InvalidContinuationTokenException("The continuation token was not issued for this stream.");
    }

    public static string ForStreamId(string category, string streamId) => Encode($"s|{category}|{streamId}");

    /// <summary>
    /// The stream id a listing continues after. It must be a well-formed stream id of <paramref name="category"/>, so a
    /// forged token cannot send the store a key it would reject (for DynamoDB, a fault instead of a bad cursor).
    /// </summary>
    public static string ReadStreamId(string token, string category)
    {
        var text = Decode(token);
        var prefix = $"s|{category}|";
        return text.StartsWith(prefix, StringComparison.Ordinal) && IsStreamOf(text[prefix.Length..], category)
            ? text[prefix.Length..]
            : throw new InvalidContinuationTokenException("The continuation token was not issued for this listing.");
    }

    private static bool IsStreamOf(string streamId, string category)
    {
        try
        {
            return StreamId.Parse(streamId).Category == category;
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException)
        {
            return false;
        }
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
