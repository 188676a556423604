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
/// Packs the remembered commands of a snapshot, each as base64url(hash) "." (head - lastVersion) "." (lastVersion -
/// firstVersion) "." (seconds before the newest command) "." (1 if keyed, else 0), space separated: about 20 bytes a
/// command. Times are rounded up, so a remembered command never looks older than it is.
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
        var text = new StringBuilder(commands.Count * 22);
        Span<byte> hash = stackalloc byte[4];
        foreach (var c in commands)
        {
            if (text.Length > 0)
            {
                text.Append(' ');
            }

            BinaryPrimitives.WriteUInt32BigEndian(hash, c.IdHash);
            text.Append(Base64Url.EncodeToString(hash))
                .Append('.').Append((version - c.LastVersion).ToString(CultureInfo.InvariantCulture))
                .Append('.').Append((c.LastVersion - c.FirstVersion).ToString(CultureInfo.InvariantCulture))
                .Append('.').Append((newest - CeilingSeconds(c.Timestamp)).ToString(CultureInfo.InvariantCulture))
                .Append('.').Append(c.Keyed ? '1' : '0');
        }

        return (newest, text.ToString());
    }

    public static List<RememberedCommand> Unpack(long version, long newestUnixSeconds, string packed)
    {
        var commands = new List<RememberedCommand>();
        foreach (var entry in packed.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = entry.Split('.');
            if (parts.Length != 5 || parts[4] is not ("0" or "1"))
            {
                throw new FormatException($"'{entry}' is not a remembered command.");
            }

            var hash = BinaryPrimitives.ReadUInt32BigEndian(Base64Url.DecodeFromChars(parts[0]));
            var last = version - ParseLong(parts[1]);
            var first = last - ParseLong(parts[2]);
            var time = DateTimeOffset.FromUnixTimeSeconds(newestUnixSeconds - ParseLong(parts[3]));
            commands.Add(new RememberedCommand(hash, first, last, time, parts[4] == "1"));
        }

        return commands;
    }

    public static long CeilingSeconds(DateTimeOffset time)
    {
        var ticks = time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        return (ticks + TimeSpan.TicksPerSecond - 1) / TimeSpan.TicksPerSecond;
    }

    private static long ParseLong(string text) =>
        long.Parse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
}
