using Api.Http;
using Microsoft.AspNetCore.Http.Metadata;

namespace Api.Contract;

/// <summary>
/// The API's HTTP conventions, declared once per endpoint (or group) so that the OpenAPI document says exactly what the
/// server does: which statuses can come back with which problem shape, which headers a response carries and which
/// headers a request may send. Any resource of any aggregate uses the same calls:
/// <code>
/// group.WithStandardResponses();                        // 429 (Retry-After), 500, 503 on everything
/// group.MapGet("/{id}", Get).IsRead().ReturnsETag().SupportsNotModified();
/// group.MapPost("/{id}/things", Do).IsCommand().OnExistingResource().ReturnsETag();
/// </code>
/// <see cref="OpenApiDescription"/> turns the metadata into the document.
/// </summary>
public static class ApiContract
{
    public const string ProblemJson = "application/problem+json";
    public const string Json = "application/json";

    /// <summary>Statuses any endpoint can answer: 429 over the rate limit (with Retry-After), 500 and 503.</summary>
    public static TBuilder WithStandardResponses<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder
            .Problem<TBuilder, Problem>(StatusCodes.Status429TooManyRequests)
            .Header(StatusCodes.Status429TooManyRequests, ContractHeaders.RetryAfter)
            .Problem<TBuilder, Problem>(StatusCodes.Status500InternalServerError)
            .Problem<TBuilder, Problem>(StatusCodes.Status503ServiceUnavailable);

    /// <summary>
    /// A read: 400 for invalid parameters; the API key is optional unless <c>Api:RequireKeyForReads</c>, and only then
    /// can 401 (with WWW-Authenticate) and 403 come back. The document follows the running configuration.
    /// </summary>
    public static TBuilder IsRead<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder
            .WithMetadata(ContractOperation.Read)
            .Problem<TBuilder, ValidationProblem>(StatusCodes.Status400BadRequest)
            .Problem<TBuilder, Problem>(StatusCodes.Status401Unauthorized)
            .Header(StatusCodes.Status401Unauthorized, ContractHeaders.WwwAuthenticate)
            .Problem<TBuilder, Problem>(StatusCodes.Status403Forbidden);

    /// <summary>A resource that takes the API key if one is sent and answers without one (no 401): security lists it as optional.</summary>
    public static TBuilder KeyOptional<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(ContractOperation.KeyOptional);

    /// <summary>
    /// A command: needs the API key (401 with WWW-Authenticate without one, 403 with a wrong one), takes Idempotency-Key
    /// and X-Correlation-Id, answers 400 for invalid input, 413/415 for a body that is too large or not JSON (when it takes
    /// a body), and 422 when a rule forbids it or the Idempotency-Key was used for another request.
    /// </summary>
    public static TBuilder IsCommand<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder
            .WithMetadata(ContractOperation.Command)
            .Parameter(ContractHeaders.IdempotencyKey)
            .Parameter(ContractHeaders.CorrelationId)
            .Problem<TBuilder, ValidationProblem>(StatusCodes.Status400BadRequest)
            .Problem<TBuilder, Problem>(StatusCodes.Status401Unauthorized)
            .Header(StatusCodes.Status401Unauthorized, ContractHeaders.WwwAuthenticate)
            .Problem<TBuilder, Problem>(StatusCodes.Status403Forbidden)
            .Problem<TBuilder, Problem>(StatusCodes.Status413PayloadTooLarge)
            .Problem<TBuilder, Problem>(StatusCodes.Status415UnsupportedMediaType)
            .Problem<TBuilder, RuleProblem>(StatusCodes.Status422UnprocessableEntity);

    /// <summary>
    /// A command on a resource that must exist: takes If-Match (the ETag of a read; a stale one is 409), answers 404 when
    /// there is no such resource and 409 with the current version (body and ETag) on a version conflict.
    /// </summary>
    public static TBuilder OnExistingResource<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder
            .Parameter(ContractHeaders.IfMatch)
            .Problem<TBuilder, Problem>(StatusCodes.Status404NotFound)
            .Problem<TBuilder, ConflictProblem>(StatusCodes.Status409Conflict)
            .Header(StatusCodes.Status409Conflict, ContractHeaders.ConflictETag);

    /// <summary>A read of one resource that may also be missing (404).</summary>
    public static TBuilder MayBeMissing<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.Problem<TBuilder, Problem>(StatusCodes.Status404NotFound);

    /// <summary>The success response (<paramref name="status"/>) carries the resource's version as ETag.</summary>
    public static TBuilder ReturnsETag<TBuilder>(this TBuilder builder, int status = StatusCodes.Status200OK)
        where TBuilder : IEndpointConventionBuilder =>
        builder.Header(status, ContractHeaders.ETag);

    /// <summary>201 with Location (the new resource) and ETag.</summary>
    public static TBuilder ReturnsCreated<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.Header(StatusCodes.Status201Created, ContractHeaders.Location).Header(StatusCodes.Status201Created, ContractHeaders.ETag);

    /// <summary>Takes If-None-Match and answers 304, with the ETag and no body, when it matches.</summary>
    public static TBuilder SupportsNotModified<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder
            .Parameter(ContractHeaders.IfNoneMatch)
            .WithMetadata(new ProducesResponseTypeMetadata(StatusCodes.Status304NotModified, typeof(void)))
            .Header(StatusCodes.Status304NotModified, ContractHeaders.ETag);

    /// <summary>
    /// A paged read: <c>pageSize</c> is an integer from 1 to the configured maximum, <paramref name="defaultPageSize"/> when
    /// absent, and <c>cursor</c> is the <c>nextCursor</c> of the previous page.
    /// </summary>
    public static TBuilder Paged<TBuilder>(this TBuilder builder, int defaultPageSize)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new PagedMetadata(defaultPageSize));

    /// <summary>Declares that <paramref name="status"/> answers a problem of shape <typeparamref name="TProblem"/>.</summary>
    public static TBuilder Problem<TBuilder, TProblem>(this TBuilder builder, int status)
        where TBuilder : IEndpointConventionBuilder
        where TProblem : Problem =>
        builder.WithMetadata(new ProducesResponseTypeMetadata(status, typeof(TProblem), [ProblemJson]));

    /// <summary>Declares a header on the response with <paramref name="status"/>.</summary>
    public static TBuilder Header<TBuilder>(this TBuilder builder, int status, ContractHeader header)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new ResponseHeaderMetadata(status, header));

    /// <summary>Declares a header the request may send.</summary>
    public static TBuilder Parameter<TBuilder>(this TBuilder builder, ContractHeader header)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new RequestHeaderMetadata(header));
}

/// <summary>A header of the contract: its name, what it means, and its schema's format or pattern.</summary>
public sealed record ContractHeader(
    string Name, string Description, string? Format = null, string? Pattern = null, bool IsInteger = false, bool Required = true);

/// <summary>The headers this API reads and writes.</summary>
public static class ContractHeaders
{
    public static readonly ContractHeader ETag = new(
        "ETag", "The resource's version as a strong entity tag, such as \"2\". Send it back in If-Match to pin a command to it.", Pattern: "^\"[0-9]+\"$");

    public static readonly ContractHeader ConflictETag = ETag with
    {
        Description = "The resource's current version. Absent when the conflict was on another stream of a multi-stream command (the problem's stream names it).",
        Required = false,
    };

    public static readonly ContractHeader Location = new("Location", "The new resource's path.", Format: "uri-reference");

    public static readonly ContractHeader RetryAfter = new(
        "Retry-After", "The whole seconds left in the current rate-limit window: retry after them.", IsInteger: true);

    public static readonly ContractHeader WwwAuthenticate = new(
        "WWW-Authenticate", "The scheme to authenticate with: ApiKey header=\"X-Api-Key\".");

    public static readonly ContractHeader IdempotencyKey = new(
        CommandInput.IdempotencyKeyHeader,
        "A GUID naming this command (it becomes the command id; on creation, the character id is derived from it). A repeat of the same request returns the original status and body and writes nothing; the same key with another request is 422.",
        Format: "uuid");

    public static readonly ContractHeader CorrelationId = new(CommandInput.CorrelationIdHeader, "A GUID recorded with the events.", Format: "uuid");

    public static readonly ContractHeader IfMatch = new(
        CommandInput.IfMatchHeader,
        "The ETag of a read, such as \"3\", or *: the command applies only at that version, else 409 with the current version.",
        Pattern: "^(\\*|\\s*\"[0-9]+\"\\s*)$");

    public static readonly ContractHeader IfNoneMatch = new(
        "If-None-Match",
        "Entity tags from earlier reads (weak comparison: \"2\", W/\"2\", a list such as \"1\", \"2\", or *): 304 with no body when one matches the current version.");
}

internal enum ContractOperation
{
    Read,
    Command,
    KeyOptional,
}

internal sealed record ResponseHeaderMetadata(int Status, ContractHeader Header);

internal sealed record RequestHeaderMetadata(ContractHeader Header);

internal sealed record PagedMetadata(int DefaultPageSize);
