namespace Api.Contract;

// The shapes of the problem details (RFC 9457) this API answers, as the OpenAPI document declares them. The responses
// themselves are written by ASP.NET Core's problem details service; these types exist so that the document (and every
// client generated from it) names each member a client can read, such as a conflict's currentVersion.

/// <summary>Problem details, as every error is answered (<c>application/problem+json</c>).</summary>
public class Problem
{
    /// <summary>A URI reference naming the kind of problem, such as /problems/rate-limited.</summary>
    public string? Type { get; init; }

    /// <summary>A short summary of the kind of problem.</summary>
    public string? Title { get; init; }

    /// <summary>The HTTP status code.</summary>
    public required int Status { get; init; }

    /// <summary>What went wrong with this request.</summary>
    public string? Detail { get; init; }

    public string? Instance { get; init; }

    /// <summary>Ties the response to the server's log.</summary>
    public string? TraceId { get; init; }
}

/// <summary>400: the request is not valid; <c>errors</c> names each field (a body member, a header or a query parameter).</summary>
public sealed class ValidationProblem : Problem
{
    public required IReadOnlyDictionary<string, string[]> Errors { get; init; }
}

/// <summary>
/// 409: the resource is not at the version the command was decided on. <c>expectedVersion</c> is the If-Match the client
/// sent, or, without one, the version the server last tried after its retries; <c>currentVersion</c> is the version now
/// (also in the ETag header).
/// </summary>
public sealed class ConflictProblem : Problem
{
    public required long ExpectedVersion { get; init; }

    public required long CurrentVersion { get; init; }

    /// <summary>
    /// In a command over several streams (an area blow): the stream that conflicted, when it is not the addressed
    /// resource's; then the response has no ETag.
    /// </summary>
    public string? Stream { get; init; }
}

/// <summary>
/// 422: a game rule forbids the command (<c>rule</c>, such as character.not-dying), or the Idempotency-Key was already
/// used for another request (<c>rule</c> idempotency-key-reused, and <c>originalCommand</c>). Nothing was written.
/// </summary>
public sealed class RuleProblem : Problem
{
    public required string Rule { get; init; }

    /// <summary>With idempotency-key-reused: the command the key was first used for.</summary>
    public string? OriginalCommand { get; init; }
}
