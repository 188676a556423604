using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;

namespace Api.Http;

/// <summary>
/// Enums on the wire are exactly their documented kebab-case names: "slashing", never "SLASHING" or "Slashing", which
/// System.Text.Json's string enum converter would accept. Numbers are refused as well. Stored events keep the lenient
/// converter; only what clients send is held to the documented spelling.
/// </summary>
internal sealed class CaseSensitiveEnumConverterFactory(JsonNamingPolicy namingPolicy) : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) => typeToConvert.IsEnum;

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(Converter<>).MakeGenericType(typeToConvert), namingPolicy)!;

    /// <summary>The wire names of <paramref name="enumType"/>, in declaration order.</summary>
    public static IEnumerable<string> WireNames(Type enumType, JsonNamingPolicy namingPolicy) =>
        enumType.GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => namingPolicy.ConvertName(f.Name));

    private sealed class Converter<T> : JsonConverter<T>
        where T : struct, Enum
    {
        private readonly Dictionary<string, T> _byName;
        private readonly Dictionary<T, string> _names;

        public Converter(JsonNamingPolicy namingPolicy)
        {
            _names = Enum.GetValues<T>().Distinct().ToDictionary(v => v, v => namingPolicy.ConvertName(v.ToString()));
            _byName = _names.ToDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);
        }

        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.String && reader.GetString() is { } name && _byName.TryGetValue(name, out var value)
                ? value
                : throw new JsonException($"Expected one of {string.Join(", ", _names.Values)}.");

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options)
        {
            ArgumentNullException.ThrowIfNull(writer);
            writer.WriteStringValue(_names.TryGetValue(value, out var name) ? name : throw new JsonException($"{typeof(T).Name} has no member {value}."));
        }
    }
}

/// <summary>
/// A body sent to an endpoint that reads JSON must be <c>application/json</c>, in UTF-8 (no charset, or charset=utf-8):
/// anything else, application/merge-patch+json or charset=iso-8859-1 included, is 415 problem details before the body
/// is read. (ASP.NET Core would otherwise read any *+json type, and ignore the charset.)
/// </summary>
internal sealed class JsonBodiesOnly(RequestDelegate next, IProblemDetailsService problems)
{
    private const string RoutingUnsupportedMediaType = "415 HTTP Unsupported Media Type";

    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var endpoint = context.GetEndpoint();
        var readsJson = endpoint?.Metadata.GetMetadata<IAcceptsMetadata>() is { } accepts
            && accepts.ContentTypes.Contains("application/json", StringComparer.OrdinalIgnoreCase);

        // Routing already turned away types no endpoint accepts (text/plain) with an endpoint of its own that sets 415 and
        // writes nothing; those get the same problem as the types routing lets through (application/merge-patch+json).
        if ((readsJson && HasBody(context.Request) && !IsUtf8Json(context.Request.ContentType))
            || endpoint?.DisplayName == RoutingUnsupportedMediaType)
        {
            context.Response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
            await problems.WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = new ProblemDetails
                {
                    Status = StatusCodes.Status415UnsupportedMediaType,
                    Detail = $"The body must be JSON in UTF-8: Content-Type: application/json (was {context.Request.ContentType ?? "none"}).",
                },
            });
            return;
        }

        await next(context);
    }

    private static bool HasBody(HttpRequest request) =>
        request.ContentLength > 0 || (request.ContentLength is null && request.Headers.TransferEncoding.Count > 0) || request.ContentType is not null;

    private static bool IsUtf8Json(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var media)
        && string.Equals(media.MediaType.Value, "application/json", StringComparison.OrdinalIgnoreCase)
        && media.Parameters.All(p => p.Name.Equals("charset", StringComparison.OrdinalIgnoreCase)
            && (p.Value.Equals("utf-8", StringComparison.OrdinalIgnoreCase) || p.Value.Equals("\"utf-8\"", StringComparison.OrdinalIgnoreCase)));
}
