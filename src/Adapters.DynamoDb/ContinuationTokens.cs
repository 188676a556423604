using System.Globalization;
using System.Text;
using Application.EventStore;

namespace Adapters.DynamoDb;

/// <summary>
/// Opaque tokens (base64url) that name what they continue, so a token of another stream or listing is refused
/// rather than silently reading the wrong place. Same format as the in-memory adapter's.
/// </summary>
internal static class ContinuationTokens
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

    private static string Encode(string text) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(text)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string Decode(string token)
    {
        try
        {
            var base64 = token.Replace('-', '+').Replace('_', '/');
            base64 = base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
            return Encoding.UTF8.GetString(Convert.FromBase64String(base64));
        }
        catch (FormatException ex)
        {
            throw new InvalidContinuationTokenException("The continuation token is malformed.", ex);
        }
    }
}
