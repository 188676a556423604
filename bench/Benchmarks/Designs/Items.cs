using System.Globalization;
using System.Text;
using Amazon.DynamoDBv2.Model;
using EventSourcing;

namespace Benchmarks.Designs;

/// <summary>Attribute helpers, item sizes and continuation tokens shared by the two baseline designs.</summary>
internal static class Items
{
    public static AttributeValue Str(string value) => new() { S = value };

    public static AttributeValue Num(long value) => new() { N = value.ToString(CultureInfo.InvariantCulture) };

    public static AttributeValue ListOf(List<AttributeValue> values) => new() { L = values };

    public static AttributeValue MapOf(Dictionary<string, AttributeValue> values) => new() { M = values };

    public static long Long(Dictionary<string, AttributeValue> item, string name) =>
        long.Parse(Get(item, name).N, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);

    public static string Text(Dictionary<string, AttributeValue> item, string name) =>
        Get(item, name).S ?? throw new InvalidDataException($"Attribute '{name}' is not a string.");

    public static string FormatTime(DateTimeOffset time) => time.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    public static DateTimeOffset ParseTime(string text) =>
        DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).ToUniversalTime();

    /// <summary>
    /// An item's size by DynamoDB's rules (names plus values; a map or list costs 3 bytes plus 1 per element): what
    /// decides when the tip design moves events out, and what a write is billed on.
    /// </summary>
    public static int SizeOf(Dictionary<string, AttributeValue> item)
    {
        ArgumentNullException.ThrowIfNull(item);
        var size = 0;
        foreach (var (name, value) in item)
        {
            size += Encoding.UTF8.GetByteCount(name) + SizeOf(value);
        }

        return size;
    }

    public static int SizeOf(AttributeValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.S is not null)
        {
            return Encoding.UTF8.GetByteCount(value.S);
        }

        if (value.N is not null)
        {
            var digits = value.N.TrimStart('-').Replace(".", string.Empty, StringComparison.Ordinal).Trim('0').Length;
            return ((Math.Max(digits, 1) + 1) / 2) + 1;
        }

        if (value.M is { } map)
        {
            return 3 + map.Sum(kv => Encoding.UTF8.GetByteCount(kv.Key) + SizeOf(kv.Value) + 1);
        }

        if (value.L is { } list)
        {
            return 3 + list.Sum(v => SizeOf(v) + 1);
        }

        throw new NotSupportedException("The baselines write only S, N, M and L attributes.");
    }

    public static string VersionToken(StreamId stream, long version) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"{stream}|{version.ToString(CultureInfo.InvariantCulture)}"));

    public static long ReadVersionToken(string token, StreamId stream)
    {
        try
        {
            var parts = Encoding.UTF8.GetString(Convert.FromBase64String(token)).Split('|');
            return parts.Length == 2 && parts[0] == stream.ToString()
                && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var version)
                    ? version
                    : throw new InvalidContinuationTokenException("The continuation token was not issued for this stream.");
        }
        catch (FormatException ex)
        {
            throw new InvalidContinuationTokenException("The continuation token is malformed.", ex);
        }
    }

    private static AttributeValue Get(Dictionary<string, AttributeValue> item, string name) =>
        item.TryGetValue(name, out var value) ? value : throw new InvalidDataException($"The item has no attribute '{name}'.");
}
