using System.Buffers.Binary;
using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace EventSourcing;

/// <summary>
/// A committed command, remembered so that a repeat is answered, not applied again. A snapshot keeps only a 32-bit hash
/// of the id (<see cref="IdHash"/>); a hash that matches is confirmed by reading the command's first event, which a
/// repeat needs anyway for its fingerprint. Commands read in this load carry their full <see cref="CommandId"/> and
/// <see cref="Fingerprint"/> ("" when the events carry none).
/// </summary>
/// <param name="IdHash">A hash of the command id.</param>
/// <param name="FirstVersion">The commit's first version.</param>
/// <param name="LastVersion">The commit's last version.</param>
/// <param name="Timestamp">When the commit was written (never earlier than it was, when read from a snapshot).</param>
/// <param name="Keyed">The caller chose the command id (its events carry a fingerprint), so a repeat is possible.</param>
/// <param name="CommandId">The full id, when known.</param>
/// <param name="Fingerprint">The request's fingerprint, when known.</param>
public sealed record RememberedCommand(
    uint IdHash, long FirstVersion, long LastVersion, DateTimeOffset Timestamp, bool Keyed, Guid? CommandId = null, string? Fingerprint = null)
{
    /// <summary>Builds the entry of a command read from its events.</summary>
    /// <remarks>
    /// Events without a fingerprint were written before fingerprints existed, when a caller's key was not told apart
    /// from a generated id: they count as keyed (kept for the window), so a retry of such a key is still recognised.
    /// </remarks>
    public static RememberedCommand Of(Guid commandId, long firstVersion, long lastVersion, DateTimeOffset timestamp, string? fingerprint) =>
        new(HashOf(commandId), firstVersion, lastVersion, timestamp, Keyed: fingerprint != CommandFingerprint.Unkeyed, commandId, fingerprint ?? string.Empty);

    /// <summary>The first four bytes of the id's SHA-256: ids that are alike (version 7 GUIDs of one moment) still spread.</summary>
    public static uint HashOf(Guid commandId)
    {
        Span<byte> id = stackalloc byte[16];
        Span<byte> hash = stackalloc byte[32];
        commandId.TryWriteBytes(id);
        SHA256.HashData(id, hash);
        return BinaryPrimitives.ReadUInt32BigEndian(hash);
    }

    /// <summary>True when this entry may be <paramref name="commandId"/>: certainly when the full id is known, else by hash.</summary>
    public bool MayBe(Guid commandId) => MayBe(commandId, HashOf(commandId));

    /// <summary>As <see cref="MayBe(Guid)"/>, with the id's hash computed once by the caller.</summary>
    public bool MayBe(Guid commandId, uint hash) => CommandId is { } known ? known == commandId : IdHash == hash;
}

/// <summary>
/// Packs the remembered commands of a snapshot as one base64url string of bytes, each command as its 4-byte id hash,
/// then unsigned LEB128 varints of (head - lastVersion), (lastVersion - firstVersion) * 2 + keyed, and (seconds before
/// the newest command): about 7 bytes a command, 10 as text. Times are rounded up, so a remembered command never looks
/// older than it is.
/// </summary>
internal static class CommandMemory
{
    public static (long NewestUnixSeconds, string Packed) Pack(long version, IReadOnlyList<RememberedCommand> commands)
    {
        if (commands.Count == 0)
        {
            return (0, string.Empty);
        }

        var newest = commands.Max(c => CeilingSeconds(c.Timestamp));
        var bytes = new List<byte>(commands.Count * 8);
        Span<byte> hash = stackalloc byte[4];
        foreach (var c in commands)
        {
            BinaryPrimitives.WriteUInt32BigEndian(hash, c.IdHash);
            bytes.AddRange(hash);
            WriteVarint(bytes, version - c.LastVersion);
            WriteVarint(bytes, ((c.LastVersion - c.FirstVersion) * 2) + (c.Keyed ? 1 : 0));
            WriteVarint(bytes, newest - CeilingSeconds(c.Timestamp));
        }

        return (newest, Base64Url.EncodeToString([.. bytes]));
    }

    public static List<RememberedCommand> Unpack(long version, long newestUnixSeconds, string packed)
    {
        ArgumentNullException.ThrowIfNull(packed);
        var bytes = Base64Url.DecodeFromChars(packed);
        var commands = new List<RememberedCommand>();
        var at = 0;
        while (at < bytes.Length)
        {
            if (bytes.Length - at < 4)
            {
                throw new FormatException("The remembered commands end inside an entry.");
            }

            var hash = BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(at, 4));
            at += 4;
            var last = version - ReadVarint(bytes, ref at);
            var spanAndKeyed = ReadVarint(bytes, ref at);
            var first = last - (spanAndKeyed / 2);
            var time = DateTimeOffset.FromUnixTimeSeconds(newestUnixSeconds - ReadVarint(bytes, ref at));
            commands.Add(new RememberedCommand(hash, first, last, time, spanAndKeyed % 2 == 1));
        }

        return commands;
    }

    public static long CeilingSeconds(DateTimeOffset time)
    {
        var ticks = time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        return (ticks + TimeSpan.TicksPerSecond - 1) / TimeSpan.TicksPerSecond;
    }

    private static void WriteVarint(List<byte> bytes, long value)
    {
        if (value < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "A remembered command's offsets are never negative.");
        }

        var rest = (ulong)value;
        while (rest >= 0x80)
        {
            bytes.Add((byte)(rest | 0x80));
            rest >>= 7;
        }

        bytes.Add((byte)rest);
    }

    private static long ReadVarint(byte[] bytes, ref int at)
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (at >= bytes.Length)
            {
                throw new FormatException("The remembered commands end inside a number.");
            }

            var b = bytes[at++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value <= long.MaxValue ? (long)value : throw new FormatException("A remembered command's offset is out of range.");
            }
        }

        throw new FormatException("A remembered command's offset is too long.");
    }
}
