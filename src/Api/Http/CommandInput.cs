using Application.Common;
using EventSourcing;

namespace Api.Http;

/// <summary>
/// What a command takes from the HTTP request besides its body: Idempotency-Key (the command id), If-Match
/// (the expected version) and X-Correlation-Id. It also collects missing required body fields, so that a client
/// sees every problem with its request in one 400.
/// </summary>
internal sealed class CommandInput
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";
    public const string IfMatchHeader = "If-Match";
    public const string CorrelationIdHeader = "X-Correlation-Id";

    private readonly List<FieldError> _errors = [];

    public CommandInput(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        CommandId = ReadGuid(request, IdempotencyKeyHeader);
        CorrelationId = ReadGuid(request, CorrelationIdHeader);
        ExpectedVersion = ReadIfMatch(request);
    }

    public Guid? CommandId { get; }

    public long? ExpectedVersion { get; }

    public Guid? CorrelationId { get; }

    public ValidationError? Error => _errors.Count == 0 ? null : new ValidationError(_errors);

    /// <summary>
    /// A body field without a usable default. A missing enum would otherwise bind to its first member
    /// (a death save silently becoming a success), so presence is checked here and values by the application.
    /// </summary>
    public T Required<T>(T? value, string field)
        where T : struct
    {
        if (value is null)
        {
            _errors.Add(new FieldError(field, $"'{field}' is required."));
        }

        return value.GetValueOrDefault();
    }

    public IReadOnlyList<T> Required<T>(IReadOnlyList<T>? value, string field)
    {
        if (value is null)
        {
            _errors.Add(new FieldError(field, $"'{field}' is required."));
        }

        return value ?? [];
    }

    public string Required(string? value, string field)
    {
        if (value is null)
        {
            _errors.Add(new FieldError(field, $"'{field}' is required."));
        }

        return value ?? string.Empty;
    }

    private Guid? ReadGuid(HttpRequest request, string header)
    {
        if (!request.Headers.TryGetValue(header, out var values))
        {
            return null;
        }

        if (values.Count == 1 && Guid.TryParse(values[0], out var id))
        {
            return id;
        }

        _errors.Add(new FieldError(header, $"{header} is one GUID, such as {Guid.Empty.ToString().Replace('0', '7')}."));
        return null;
    }

    private long? ReadIfMatch(HttpRequest request)
    {
        if (!request.Headers.TryGetValue(IfMatchHeader, out var values))
        {
            return null;
        }

        // "*" asks only that the character exists, which every command but creation requires anyway.
        if (values.Count == 1 && values[0]?.Trim() == "*")
        {
            return null;
        }

        if (values.Count == 1 && ETags.TryParse(values[0], out var version))
        {
            return version;
        }

        _errors.Add(new FieldError(IfMatchHeader, "If-Match is one strong entity tag from a read, such as \"3\", or *."));
        return null;
    }
}
