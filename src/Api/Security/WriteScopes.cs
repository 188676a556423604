using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Mvc;

namespace Api.Security;

/// <summary>
/// Endpoint metadata: this write changes the resource of <see cref="Category"/> whose id is the route value
/// <see cref="IdRouteValue"/>. A write endpoint without it is DM-only.
/// </summary>
internal sealed record WriteScope(string Category, string IdRouteValue);

/// <summary>Endpoint metadata: only the DM's key may call this, whatever the key's grants.</summary>
internal sealed record DmOnly;

/// <summary>How write endpoints declare their scope; any aggregate's endpoints use the same two calls.</summary>
internal static class WriteScopeEndpoints
{
    public static TBuilder RequireWriteScope<TBuilder>(this TBuilder builder, string category, string idRouteValue)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new WriteScope(category, idRouteValue));

    public static TBuilder DmOnly<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new DmOnly());
}

/// <summary>The write policy's requirement: the key's role and grants allow this endpoint on this resource.</summary>
internal sealed class WriteScopeRequirement : IAuthorizationRequirement;

/// <summary>Decides <see cref="WriteScopeRequirement"/> from the endpoint's metadata and the key's scope.</summary>
internal sealed class WriteScopeHandler(ApiKeys keys) : AuthorizationHandler<WriteScopeRequirement, HttpContext>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, WriteScopeRequirement requirement, HttpContext resource)
    {
        var key = keys.Find(context.User.FindFirst(ApiKeyAuthenticationHandler.KeyIdClaim)?.Value);
        if (key is null)
        {
            // Not authenticated: the policy's other requirement answers 401.
            return Task.CompletedTask;
        }

        var endpoint = resource.GetEndpoint();
        var scope = endpoint?.Metadata.GetMetadata<WriteScope>();
        var dmOnly = scope is null || endpoint!.Metadata.GetMetadata<DmOnly>() is not null;
        var id = scope is null ? null : resource.GetRouteValue(scope.IdRouteValue) as string;
        if (key.MayWrite(scope?.Category, id, dmOnly))
        {
            context.Succeed(requirement);
            return Task.CompletedTask;
        }

        var operation = endpoint?.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName ?? "this request";
        var detail = key.Role switch
        {
            ApiKeyRole.Reader => "This API key is read-only.",
            _ when dmOnly => $"Only the DM's API key may call {operation}.",
            _ => $"This API key may not change {scope!.Category} '{id}'.",
        };
        context.Fail(new OutOfScope(this, detail, key.Role));
        return Task.CompletedTask;
    }
}

/// <summary>Why a valid key was refused.</summary>
internal sealed class OutOfScope(IAuthorizationHandler handler, string message, ApiKeyRole role) : AuthorizationFailureReason(handler, message)
{
    public ApiKeyRole Role { get; } = role;
}

/// <summary>
/// A valid key outside its scope gets a 403 problem saying what it may not do (type /problems/out-of-scope);
/// everything else (401, an invalid key) goes through the authentication handler as before.
/// </summary>
internal sealed class ScopeProblemResultHandler(IProblemDetailsService problems) : IAuthorizationMiddlewareResultHandler
{
    public const string OutOfScopeType = "/problems/out-of-scope";

    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(authorizeResult);
        if (authorizeResult.Forbidden
            && authorizeResult.AuthorizationFailure?.FailureReasons.OfType<OutOfScope>().FirstOrDefault() is { } reason)
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            await problems.WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = new ProblemDetails
                {
                    Type = OutOfScopeType,
                    Title = "Outside this API key's scope.",
                    Status = StatusCodes.Status403Forbidden,
                    Detail = reason.Message,
                    Extensions = { ["role"] = reason.Role.ToString().ToLowerInvariant() },
                },
            });
            return;
        }

        await _default.HandleAsync(next, context, policy, authorizeResult);
    }
}
