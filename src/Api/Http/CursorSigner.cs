using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Application.Common;
using EventSourcing;
using Microsoft.Extensions.Options;

namespace Api.Http;

/// <summary>
/// Makes continuation cursors tamper-evident: the store's token plus an HMAC-SHA256 tag (128 bits) under the server's
/// key, bound to what the cursor continues (its purpose: a listing, or one resource's history). The token stays
/// readable; it cannot be forged or moved to another resource. See docs/security.md.
/// </summary>
internal sealed partial class CursorSigner
{
    public const string Field = "cursor";
    private const int TagBytes = 16;
    private const int MinKeyBytes = 32;

    private readonly byte[] _key;

    public CursorSigner(IOptions<ApiOptions> options, ILogger<CursorSigner> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Value.CursorSigningKey is { Length: > 0 } configured)
        {
            _key = ReadKey(configured) ?? throw new InvalidOperationException(KeyRule);
        }
        else
        {
            _key = RandomNumberGenerator.GetBytes(MinKeyBytes);
            NoKey(logger);
        }
    }

    public const string KeyRule = "Api:CursorSigningKey is base64 of at least 32 bytes (./scripts/run.sh makes one in .data/cursor-key).";

    public static bool IsValidKey(string? configured) => string.IsNullOrEmpty(configured) || ReadKey(configured) is not null;

    /// <summary>The cursor to hand out for the store's <paramref name="token"/>; null stays null (no more pages).</summary>
    public string? Sign(string purpose, string? token) =>
        token is null ? null : $"{token}.{Base64Url.EncodeToString(Tag(purpose, token))}";

    /// <summary>
    /// Null and the store's token inside <paramref name="cursor"/> (null for no cursor), or a validation error on the
    /// field "cursor" when the cursor was not issued by this server for <paramref name="purpose"/>.
    /// </summary>
    public ValidationError? Open(string purpose, string? cursor, out string? token)
    {
        token = null;
        if (cursor is null)
        {
            return null;
        }

        var dot = cursor.LastIndexOf('.');
        Span<byte> presented = stackalloc byte[TagBytes + 3];
        if (dot > 0
            && Base64Url.IsValid(cursor.AsSpan(dot + 1))
            && Base64Url.GetMaxDecodedLength(cursor.Length - dot - 1) <= presented.Length
            && Base64Url.TryDecodeFromChars(cursor.AsSpan(dot + 1), presented, out var written)
            && written == TagBytes
            && CryptographicOperations.FixedTimeEquals(presented[..TagBytes], Tag(purpose, cursor[..dot])))
        {
            token = cursor[..dot];
            return null;
        }

        return new ValidationError([new FieldError(Field, "The cursor was not issued by this server for this resource, or it was altered.")]);
    }

    private byte[] Tag(string purpose, string token)
    {
        var message = Encoding.UTF8.GetBytes($"{purpose}\n{token}");
        return HMACSHA256.HashData(_key, message)[..TagBytes];
    }

    private static byte[]? ReadKey(string configured)
    {
        try
        {
            var key = Convert.FromBase64String(configured.Trim());
            return key.Length >= MinKeyBytes ? key : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "No Api:CursorSigningKey is configured: continuation cursors are signed with a random key and stop working when the API restarts.")]
    private static partial void NoKey(ILogger logger);
}
