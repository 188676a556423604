using EventSourcing;
using FluentValidation;
using MediatR;

namespace Application.Common;

/// <summary>
/// The one place where request shapes are checked. An invalid request is answered with a
/// <see cref="ValidationError"/> naming each field, and never reaches a handler or the store. A cursor is the one
/// field only the store can check: one it did not issue comes back from the handler as the same kind of error.
/// </summary>
internal sealed class ValidationBehavior<TRequest, TResponse>(IEnumerable<IValidator<TRequest>> validators)
    : IPipelineBehavior<TRequest, TResponse>
    where TResponse : IFailable<TResponse>
{
    public async Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        ArgumentNullException.ThrowIfNull(next);
        var failures = new List<FieldError>();
        foreach (var validator in validators)
        {
            var result = await validator.ValidateAsync(request, cancellationToken).ConfigureAwait(false);
            failures.AddRange(result.Errors.Select(e => new FieldError(FieldName(e.PropertyName), e.ErrorMessage)));
        }

        if (failures.Count > 0)
        {
            return TResponse.Fail(new ValidationError(failures));
        }

        try
        {
            return await next().ConfigureAwait(false);
        }
        catch (InvalidContinuationTokenException ex)
        {
            return TResponse.Fail(new ValidationError([new FieldError("cursor", ex.Message)]));
        }
    }

    // "Amount" -> "amount", "Resistances[0]" -> "resistances[0]", "Parts[1].Amount" -> "parts[1].amount": the names the front ends show.
    private static string FieldName(string propertyName) =>
        string.IsNullOrEmpty(propertyName)
            ? "request"
            : string.Join('.', propertyName.Split('.').Select(p => p.Length == 0 ? p : char.ToLowerInvariant(p[0]) + p[1..]));
}
