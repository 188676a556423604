using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace EventSourcing;

/// <summary>
/// Positions in the change feed. A feed key is "commit time (ISO-8601 UTC, fixed width) # stream id # version (19
/// digits)", so keys sort by the writer's commit time, then stream, then version, and are unique. A stream always
/// lands in the same shard: a stable hash of its id modulo the shard count.
/// </summary>
public static class FeedKeys
{
    /// <summary>Before every key.</summary>
    public const string Start = "";

    public static string For(DateTimeOffset commitTime, StreamId stream, long version) =>
        string.Create(CultureInfo.InvariantCulture, $"{Time(commitTime)}#{stream}#{version:D19}");

    /// <summary>The commit time a key carries; <see cref="DateTimeOffset.MinValue"/> for <see cref="Start"/>.</summary>
    public static DateTimeOffset TimeOf(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length == 0)
        {
            return DateTimeOffset.MinValue;
        }

        var hash = key.IndexOf('#', StringComparison.Ordinal);
        var text = hash < 0 ? key : key[..hash];
        return DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).ToUniversalTime();
    }

    /// <summary>
    /// A key that sorts before every key of <paramref name="time"/> and after every earlier one: where a reader
    /// starts again when it re-reads an overlap window.
    /// </summary>
    public static string Floor(DateTimeOffset time) => time.Year < 1000 ? Start : Time(time);

    /// <summary>The key <paramref name="overlap"/> before <paramref name="key"/>'s time (<see cref="Start"/> at the beginning).</summary>
    public static string Rewind(string key, TimeSpan overlap)
    {
        var time = TimeOf(key);
        return time - DateTimeOffset.MinValue <= overlap ? Start : Floor(time - overlap);
    }

    public static int ShardOf(StreamId stream, int shards)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(shards, 1);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(stream.ToString()), hash);
        return (int)(BitConverter.ToUInt32(hash) % (uint)shards);
    }

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);
}
