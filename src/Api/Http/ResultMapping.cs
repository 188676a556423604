using System.Diagnostics;
using Application.Common;
using EventSourcing;

namespace Api.Http;

/// <summary>
/// The one place where the application's expected failures become HTTP problem details (RFC 9457).
/// Infrastructure faults are exceptions and are mapped by <see cref="FaultHandler"/> instead.
/// </summary>
internal static class ResultMapping
{
    // The application names its request fields; a client of the API knows some of them as route or header values.
    private static readonly Dictionary<string, string> HttpFieldNames = new(StringComparer.Ordinal)
    {
        ["characterId"] = "id",
        ["encounterId"] = "id",
        ["commandId"] = CommandInput.IdempotencyKeyHeader,
        ["expectedVersion"] = CommandInput.IfMatchHeader,
        ["correlationId"] = CommandInput.CorrelationIdHeader,
    };

    /// <summary>The problem type of a reused Idempotency-Key (the README describes it).</summary>
    public const string IdempotencyKeyReusedType = "/problems/idempotency-key-reused";

    /// <summary>The problem type of a 429: over the rate limit, per API key or, without a valid key, per client address.</summary>
    public const string RateLimitedType = "/problems/rate-limited";

    public static async Task<IResult> ToHttp<T>(this Task<Result<T>> pending, Func<T, IResult> success)
    {
        ArgumentNullException.ThrowIfNull(pending);
        var result = await pending;
        return result.Match(success, ToProblem);
    }

    public static IResult ToProblem(Error error) => error switch
    {
        ValidationError v => TypedResults.ValidationProblem(
            v.Fields
                .GroupBy(f => HttpFieldNames.GetValueOrDefault(f.Field, f.Field), StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Select(f => f.Message).ToArray(), StringComparer.Ordinal),
            detail: "One or more fields are not valid.",
            title: "The request is not valid."),
        NotFoundError n => TypedResults.Problem(
            statusCode: StatusCodes.Status404NotFound,
            title: "Not found.",
            detail: n.Message),
        RuleBrokenError r => TypedResults.Problem(
            statusCode: StatusCodes.Status422UnprocessableEntity,
            title: "A game rule forbids this.",
            detail: r.Message,
            extensions: new Dictionary<string, object?> { ["rule"] = r.Code }),
        // A conflict in a multi-stream command names its stream; the ETag then would not be the addressed resource's, so it is left out.
        ConflictError { Stream: { } stream } c => TypedResults.Problem(
            statusCode: StatusCodes.Status409Conflict,
            title: "Version conflict.",
            detail: c.Message,
            extensions: new Dictionary<string, object?> { ["expectedVersion"] = c.ExpectedVersion, ["currentVersion"] = c.ActualVersion, ["stream"] = stream.ToString() }),
        ConflictError c => new WithHeader(
            TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "Version conflict.",
                detail: c.Message,
                extensions: new Dictionary<string, object?> { ["expectedVersion"] = c.ExpectedVersion, ["currentVersion"] = c.ActualVersion }),
            "ETag",
            ETags.Format(c.ActualVersion)),
        IdempotencyKeyReusedError reused => TypedResults.Problem(
            statusCode: StatusCodes.Status422UnprocessableEntity,
            title: "The Idempotency-Key was already used for another request.",
            detail: reused.Message,
            type: IdempotencyKeyReusedType,
            extensions: new Dictionary<string, object?> { ["rule"] = reused.Code, ["originalCommand"] = reused.OriginalCommand }),
        _ => throw new UnreachableException($"No HTTP mapping for {error.GetType().Name}."),
    };
}

/// <summary>Adds a response header to another result (ETag, Location) without losing its status or body.</summary>
internal sealed class WithHeader(IResult inner, string name, string value) : IResult, IStatusCodeHttpResult
{
    public int? StatusCode => (inner as IStatusCodeHttpResult)?.StatusCode;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        httpContext.Response.Headers[name] = value;
        return inner.ExecuteAsync(httpContext);
    }
}
