using System.Buffers.Text;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Application.Events;
using Domain;

namespace Application.Characters;

/// <summary>
/// The snapshot of a character: its folded state and the ids of its most recent commands (so that a repeat is
/// still recognised after a snapshot). Public so that tools which seed or inspect stores (benchmarks, imports)
/// write exactly what the application reads.
/// </summary>
public static class CharacterSnapshots
{
    /// <summary>
    /// The schema of the payload. Bump it whenever <see cref="CharacterHitPoints"/> or this format changes shape:
    /// a snapshot of another schema is ignored and the state is rebuilt from the events.
    /// Version 2 packs the command ids into one string, which keeps a snapshot under 4 KB (1 read unit);
    /// version 3 adds <see cref="CharacterHitPoints.IsStable"/>.
    /// </summary>
    public const int SchemaVersion = 3;

    public static string Serialize(long version, CharacterHitPoints state, IReadOnlyList<RememberedCommand> recentCommands)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(recentCommands);
        return JsonSerializer.Serialize(new Payload(state, Pack(version, recentCommands)), EventTypeRegistry.JsonOptions);
    }

    public static (CharacterHitPoints State, IReadOnlyList<RememberedCommand> RecentCommands) Deserialize(long version, string payload)
    {
        var parsed = JsonSerializer.Deserialize<Payload>(payload, EventTypeRegistry.JsonOptions)
            ?? throw new FormatException("The snapshot payload is empty.");
        return (parsed.State, Unpack(version, parsed.RecentCommands));
    }

    // Each command as base64url(id) "." (version - lastVersion) ["." (lastVersion - firstVersion)], space-separated:
    // about 26 bytes a command instead of about 90 as JSON objects.
    private static string Pack(long version, IReadOnlyList<RememberedCommand> commands)
    {
        var text = new StringBuilder(commands.Count * 28);
        Span<byte> id = stackalloc byte[16];
        foreach (var c in commands)
        {
            if (text.Length > 0)
            {
                text.Append(' ');
            }

            c.CommandId.TryWriteBytes(id);
            text.Append(Base64Url.EncodeToString(id))
                .Append('.').Append((version - c.LastVersion).ToString(CultureInfo.InvariantCulture));
            if (c.LastVersion != c.FirstVersion)
            {
                text.Append('.').Append((c.LastVersion - c.FirstVersion).ToString(CultureInfo.InvariantCulture));
            }
        }

        return text.ToString();
    }

    private static List<RememberedCommand> Unpack(long version, string packed)
    {
        var commands = new List<RememberedCommand>();
        foreach (var entry in packed.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = entry.Split('.');
            if (parts.Length is < 2 or > 3)
            {
                throw new FormatException($"'{entry}' is not a remembered command.");
            }

            var id = new Guid(Base64Url.DecodeFromChars(parts[0]));
            var last = version - long.Parse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture);
            var first = last - (parts.Length == 3 ? long.Parse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture) : 0);
            commands.Add(new RememberedCommand(id, first, last));
        }

        return commands;
    }

    private sealed record Payload(CharacterHitPoints State, string RecentCommands);
}
