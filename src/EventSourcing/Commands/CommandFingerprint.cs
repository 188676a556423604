using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace EventSourcing;

/// <summary>
/// "CommandName:hash": the command's name and a SHA-256 (first 16 bytes, base64url) of its input as JSON, without the
/// members that only say how to apply it (command id, expected version, correlation id). Two requests with one
/// command id and the same fingerprint are the same request.
/// </summary>
public static class CommandFingerprint
{
    /// <summary>
    /// What events of a command whose id the store generated carry instead of a fingerprint, so that events without
    /// any (written before fingerprints existed) can be told apart and treated as possibly keyed.
    /// </summary>
    public const string Unkeyed = "-";

    private static readonly string[] Envelope = ["commandId", "expectedVersion", "correlationId"];

    // Members at their default are left out, so a later release that adds an optional member with its default does
    // not turn a retry of an earlier request into "another request".
    private static readonly JsonSerializerOptions Options = new(EventTypeRegistry.JsonOptions)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault,
    };

    public static string Of(string commandName, object command)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(commandName);
        ArgumentNullException.ThrowIfNull(command);
        var json = JsonSerializer.SerializeToNode(command, command.GetType(), Options) as JsonObject ?? [];
        foreach (var name in Envelope)
        {
            json.Remove(name);
        }

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(commandName + "\n" + json.ToJsonString(Options)));
        return commandName + ":" + Base64Url.EncodeToString(hash.AsSpan(0, 16));
    }

    /// <summary>True for a real fingerprint; false for none (old events) or <see cref="Unkeyed"/>.</summary>
    public static bool IsComparable(string? fingerprint) => !string.IsNullOrEmpty(fingerprint) && fingerprint != Unkeyed;

    /// <summary>The command name part of a fingerprint.</summary>
    public static string CommandName(string fingerprint)
    {
        ArgumentNullException.ThrowIfNull(fingerprint);
        var colon = fingerprint.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? fingerprint : fingerprint[..colon];
    }
}
