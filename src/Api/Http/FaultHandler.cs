using System.Text.Json;
using EventSourcing;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Api.Http;

/// <summary>
/// The one place where exceptions become HTTP responses. Requests that could not be read are the client's
/// fault (400, 413, 415); everything else is an infrastructure fault or a bug (503 or 500). The body never
/// carries an exception message or stack trace: those go to the log, tied to the response by its traceId.
/// </summary>
internal sealed partial class FaultHandler(IProblemDetailsService problems, ILogger<FaultHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        if (exception is OperationCanceledException && httpContext.RequestAborted.IsCancellationRequested)
        {
            // The client went away; nobody is left to read a response.
            httpContext.Response.StatusCode = StatusCodes.Status499ClientClosedRequest;
            return true;
        }

        var problem = exception switch
        {
            BadHttpRequestException { InnerException: JsonException { InnerException: JsonException } } => new HttpValidationProblemDetails(
                new Dictionary<string, string[]> { ["body"] = ["The body is not well-formed JSON."] })
            {
                Status = StatusCodes.Status400BadRequest,
                Title = "The request is not valid.",
                Detail = "The body could not be read as JSON.",
            },
            BadHttpRequestException { InnerException: JsonException json } => new HttpValidationProblemDetails(
                new Dictionary<string, string[]> { [FieldOf(json)] = ["This value has the wrong type, is not one of the allowed values (enum names are case-sensitive), or the member is given twice."] })
            {
                Status = StatusCodes.Status400BadRequest,
                Title = "The request is not valid.",
                Detail = "The body could not be read as the expected JSON.",
            },
            BadHttpRequestException bad => new ProblemDetails
            {
                Status = bad.StatusCode,
                Detail = bad.StatusCode switch
                {
                    StatusCodes.Status413PayloadTooLarge => "The request body is too large.",
                    StatusCodes.Status415UnsupportedMediaType => "The body must be JSON (Content-Type: application/json).",
                    _ => "The request could not be read; a command needs a JSON object body.",
                },
            },
            EventStoreUnavailableException => new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Detail = "The event store is unavailable. Nothing is known to be written; retry with the same Idempotency-Key.",
            },
            StreamCorruptedException => new ProblemDetails
            {
                Status = StatusCodes.Status500InternalServerError,
                Detail = "The stored data of this resource is damaged; nothing was written. The operators have the details in the log.",
            },
            _ => new ProblemDetails
            {
                Status = StatusCodes.Status500InternalServerError,
                Detail = "An unexpected error occurred.",
            },
        };

        if (problem.Status >= 500)
        {
            LogFault(logger, exception, problem.Status.Value, httpContext.Request.Method, httpContext.Request.Path);
        }

        httpContext.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem });
    }

    // A syntax error wraps the reader's exception and is about the body as a whole; a conversion error is about the
    // value at its path: "$.resistances[1]" -> "resistances[1]".
    private static string FieldOf(JsonException json) =>
        json.Path is { Length: > 2 } path && path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : "body";

    [LoggerMessage(Level = LogLevel.Error, Message = "Request {Method} {Path} failed with {Status}")]
    private static partial void LogFault(ILogger logger, Exception exception, int status, string method, string path);
}
