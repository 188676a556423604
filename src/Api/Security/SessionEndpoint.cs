using Api.Contract;
using Api.Http;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace Api.Security;

/// <summary>GET /session: what the key on this request may do, so a page shows only what it may use (docs/security.md).</summary>
internal static class SessionEndpoint
{
    public static IEndpointRouteBuilder MapSession(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/session", Get)
            .WithName("GetSession")
            .WithTags("Session")
            .RequireRateLimiting(ApiPolicies.RateLimit)
            .WithSummary("What the sent API key may do")
            .Produces<SessionView>()
            .KeyOptional()
            .Problem<RouteHandlerBuilder, Problem>(StatusCodes.Status403Forbidden)
            .WithStandardResponses();
        return routes;
    }

    private static IResult Get(HttpContext http, ApiKeys keys, IOptions<ApiOptions> options, EndpointDataSource endpoints)
    {
        var dmOnly = DmOnlyOperations(endpoints);
        var key = keys.Find(http.User.FindFirst(ApiKeyAuthenticationHandler.KeyIdClaim)?.Value);
        if (key is null)
        {
            // On open reads a wrong key is ignored; here it is reported, so a page can say the key is mistyped.
            return http.Request.Headers.ContainsKey(ApiKeys.HeaderName)
                ? Results.Challenge()
                : TypedResults.Ok(new SessionView("anonymous", null, null, !options.Value.RequireKeyForReads, false, new Dictionary<string, string[]>(), dmOnly));
        }

        var grants = key.Grants.ToDictionary(g => g.Key, g => g.Value.Order(StringComparer.Ordinal).ToArray(), StringComparer.Ordinal);
        return TypedResults.Ok(new SessionView(
            key.Role.ToString().ToLowerInvariant(), key.Name, key.Id, CanRead: true, CanWriteAll: key.Role == ApiKeyRole.Dm, grants, dmOnly));
    }

    // Every write endpoint a player key may never call: DmOnly, or no WriteScope at all.
    private static string[] DmOnlyOperations(EndpointDataSource endpoints) =>
    [
        .. endpoints.Endpoints
            .Where(e => e.Metadata.GetOrderedMetadata<IAuthorizeData>().Any(a => a.Policy == ApiPolicies.Write)
                && (e.Metadata.GetMetadata<WriteScope>() is null || e.Metadata.GetMetadata<DmOnly>() is not null))
            .Select(e => e.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName)
            .OfType<string>()
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal),
    ];
}

/// <summary>The answer of GET /session.</summary>
/// <param name="Role">dm, player, reader, or anonymous (no key sent).</param>
/// <param name="Name">The key's configured name, if any.</param>
/// <param name="KeyId">The first 12 hex digits of the key's hash, as in the log.</param>
/// <param name="CanRead">False only without a key when reads need one.</param>
/// <param name="CanWriteAll">True for the DM's key.</param>
/// <param name="Grants">For a player: resource category to the ids it may write.</param>
/// <param name="DmOnlyOperations">Operation ids only the DM's key may call.</param>
internal sealed record SessionView(
    string Role,
    string? Name,
    string? KeyId,
    bool CanRead,
    bool CanWriteAll,
    IReadOnlyDictionary<string, string[]> Grants,
    IReadOnlyList<string> DmOnlyOperations);
