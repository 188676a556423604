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
    private static readonly string[] Envelope = ["commandId", "expectedVersion", "correlationId"];

    public static string Of(string commandName, object command)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(commandName);
        ArgumentNullException.ThrowIfNull(command);
        var json = JsonSerializer.SerializeToNode(command, command.GetType(), EventTypeRegistry.JsonOptions) as JsonObject ?? [];
        foreach (var name in Envelope)
        {
            json.Remove(name);
        }

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(commandName + "\n" + json.ToJsonString(EventTypeRegistry.JsonOptions)));
        return commandName + ":" + Base64Url.EncodeToString(hash.AsSpan(0, 16));
    }

    /// <summary>The command name part of a fingerprint.</summary>
    public static string CommandName(string fingerprint)
    {
        ArgumentNullException.ThrowIfNull(fingerprint);
        var colon = fingerprint.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? fingerprint : fingerprint[..colon];
    }
}
