using System.Globalization;
using System.Text.Json.Serialization;
using System.Threading.RateLimiting;
using Api.Characters;
using Api.Http;
using Api.Security;
using Application;
using EventSourcing;
using Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Api;

public static class DependencyInjection
{
    public const string ServiceName = "hexagonal-api";

    /// <summary>
    /// Everything the HTTP API needs: the application with the event store the configuration names, telemetry and
    /// health checks, the snapshot job (so one process serves everything), and the HTTP concerns of this host.
    /// </summary>
    public static IServiceCollection AddApi(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddApplication(configuration);
        services.AddEventStoreFromConfiguration(configuration);
        services.AddHexagonalTelemetry(configuration, ServiceName);
        // Incoming requests: a span per request named by its route template, and the http.server.* metrics.
        services.AddOpenTelemetry()
            .WithTracing(tracing => tracing.AddAspNetCoreInstrumentation())
            .WithMetrics(metrics => metrics.AddAspNetCoreInstrumentation());
        services.AddSnapshotWorker(configuration);
        services.AddProjectionWorker(configuration);
        services.AddSingleton<Board.BoardBroadcaster>();
        services.AddSingleton<EventSourcing.IProjectionObserver>(sp => sp.GetRequiredService<Board.BoardBroadcaster>());

        services.AddOptions<ApiOptions>()
            .Bind(configuration.GetSection(ApiOptions.SectionName))
            .Validate(o => o.KeyHashes.All(ApiKeys.IsValidHash), "Api:KeyHashes holds hex SHA-256 hashes (64 hex digits each).")
            .Validate(o => CursorSigner.IsValidKey(o.CursorSigningKey), CursorSigner.KeyRule)
            .Validate(o => o.MaxRequestBodyBytes is >= 1024 and <= 1024 * 1024, "Api:MaxRequestBodyBytes is between 1 KiB and 1 MiB.")
            .Validate(o => o.RateLimit.PermitLimit >= 1 && o.RateLimit.WindowSeconds >= 1, "Api:RateLimit needs PermitLimit >= 1 and WindowSeconds >= 1.")
            .ValidateOnStart();
        services.AddOptions<KestrelServerOptions>()
            .Configure<IOptions<ApiOptions>>((kestrel, api) => kestrel.Limits.MaxRequestBodySize = api.Value.MaxRequestBodyBytes);

        // Same wire spelling as the stored events ("bludgeoning"), and strict: a number in quotes or an enum as a
        // number is a wrong type, reported as a 400 on that field.
        services.ConfigureHttpJsonOptions(o =>
        {
            EventTypeRegistry.ApplyNamingConvention(o.SerializerOptions, allowIntegerEnums: false);
            o.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
        });

        // Binding failures throw, so that FaultHandler answers them with a problem naming the field instead of
        // an empty 400 (the default outside Development).
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddProblemDetails();
        services.AddExceptionHandler<FaultHandler>();
        services.AddOpenApi(OpenApiDescription.Configure);

        services.AddSingleton<IValidateOptions<ApiOptions>, ApiKeysValidation>();
        services.AddSingleton<ApiKeys>();
        services.AddSingleton<CursorSigner>();
        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(ApiPolicies.Write, p => p.RequireAuthenticatedUser().AddRequirements(new WriteScopeRequirement()))
            .AddPolicy(ApiPolicies.Read, p => p.RequireAssertion(ctx =>
                ctx.User.Identity?.IsAuthenticated == true
                || ctx.Resource is HttpContext http
                    && !http.RequestServices.GetRequiredService<IOptions<ApiOptions>>().Value.RequireKeyForReads));

        services.AddSingleton<IAuthorizationHandler, WriteScopeHandler>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, ScopeProblemResultHandler>();

        services.AddRateLimiter(o =>
        {
            o.AddPolicy(ApiPolicies.RateLimit, PartitionByKey);
            o.OnRejected = RejectAsync;
        });

        return services;
    }

    // One window per API key; requests without a valid key share one per remote address, so that made-up keys
    // cannot open new partitions.
    private static RateLimitPartition<string> PartitionByKey(HttpContext http)
    {
        var limit = http.RequestServices.GetRequiredService<IOptions<ApiOptions>>().Value.RateLimit;
        var partition = http.User.FindFirst(ApiKeyAuthenticationHandler.KeyIdClaim)?.Value is { } keyId
            ? "key:" + keyId
            : "ip:" + (http.Connection.RemoteIpAddress?.ToString() ?? "unknown");
        var clock = http.RequestServices.GetRequiredService<TimeProvider>();
        return RateLimitPartition.Get(partition, _ => new FixedWindowWithTimeLeft(
            new FixedWindowRateLimiterOptions
            {
                PermitLimit = limit.PermitLimit,
                Window = TimeSpan.FromSeconds(limit.WindowSeconds),
                QueueLimit = 0,
                AutoReplenishment = true,
            },
            clock));
    }

    /// <summary>
    /// 429 with Retry-After, the whole seconds left in the caller's window (FixedWindowWithTimeLeft), and a problem whose
    /// wording fits who was limited: an API key, or a client without a valid key (limited by its address).
    /// </summary>
    private static async ValueTask RejectAsync(OnRejectedContext context, CancellationToken cancellationToken)
    {
        var http = context.HttpContext;
        var window = http.RequestServices.GetRequiredService<IOptions<ApiOptions>>().Value.RateLimit.WindowSeconds;
        var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait)
            ? (int)Math.Ceiling(wait.TotalSeconds)
            : window;
        var byKey = http.User.FindFirst(ApiKeyAuthenticationHandler.KeyIdClaim) is not null;
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.Headers.RetryAfter = Math.Clamp(retryAfter, 1, window).ToString(CultureInfo.InvariantCulture);
        await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = new ProblemDetails
            {
                Type = ResultMapping.RateLimitedType,
                Title = "Too many requests.",
                Status = StatusCodes.Status429TooManyRequests,
                Detail = byKey
                    ? "Too many requests for this API key; retry after the number of seconds in Retry-After."
                    : "Too many requests from this client; retry after the number of seconds in Retry-After.",
            },
        });
    }
}

/// <summary>Refuses to start on a key configuration that cannot be used, with the reason (docs/security.md).</summary>
internal sealed class ApiKeysValidation : IValidateOptions<ApiOptions>
{
    public ValidateOptionsResult Validate(string? name, ApiOptions options) =>
        ApiKeys.Problem(options) is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;
}
