using Api.Contract;
using Api.Http;
using Application.Characters;
using MediatR;
using Microsoft.AspNetCore.StaticFiles;

namespace Api.Page;

/// <summary>
/// The DM's page: plain files from wwwroot at /, and the one read the page needs that the character resources do not
/// give, a character's hit points after each event (for its chart).
/// </summary>
internal static class PageHosting
{
    // The page loads only its own files and talks only to this host; nothing inline, nothing from elsewhere.
    private const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    public static IApplicationBuilder UseDmPage(this IApplicationBuilder app)
    {
        app.UseDefaultFiles();
        return app.UseStaticFiles(new StaticFileOptions
        {
            ContentTypeProvider = new FileExtensionContentTypeProvider(),
            OnPrepareResponse = context =>
            {
                var headers = context.Context.Response.Headers;
                // Revalidated on every load, so a new version of the page is never mixed with an old script.
                headers.CacheControl = "no-cache";
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "no-referrer";
                headers.ContentSecurityPolicy = ContentSecurityPolicy;
            },
        });
    }

    public static IEndpointRouteBuilder MapHitPointTimeline(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/characters/{id}/hit-point-timeline", Timeline)
            .WithName("GetHitPointTimeline")
            .WithTags("Characters")
            .RequireRateLimiting(ApiPolicies.RateLimit)
            .RequireAuthorization(ApiPolicies.Read)
            .WithSummary("Read a character's hit points over time")
            .Produces<HitPointTimeline>()
            .IsRead()
            .MayBeMissing()
            .WithStandardResponses();
        return routes;
    }

    private static Task<IResult> Timeline(string id, IMediator mediator, CancellationToken ct) =>
        mediator.Send(new GetHitPointTimeline(id), ct).ToHttp(timeline => TypedResults.Ok(timeline));
}
