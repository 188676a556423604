using System.Diagnostics.CodeAnalysis;

namespace EventSourcing;

/// <summary>An expected failure. Each front end maps these to its own medium in exactly one place.</summary>
[SuppressMessage("Naming", "CA1716:Identifiers should not match keywords", Justification = "Error is a keyword only in Visual Basic; every consumer of this assembly is C#, and the name is used across every layer.")]
public abstract record Error(string Code, string Message);

public sealed record FieldError(string Field, string Message);

/// <summary>The request's shape is wrong. Nothing was read or written.</summary>
public sealed record ValidationError(IReadOnlyList<FieldError> Fields)
    : Error("validation", "The request is not valid: " + string.Join("; ", Fields.Select(f => $"{f.Field}: {f.Message}")));

/// <summary>The addressed stream (or thing) does not exist. Nothing was written.</summary>
public sealed record NotFoundError(string Resource, string Id)
    : Error("not-found", $"No {Resource} with id '{Id}'.");

/// <summary>A rule of the aggregate forbids the command in its current state. Nothing was written.</summary>
public sealed record RuleBrokenError(string Rule, string Detail) : Error(Rule, Detail);

/// <summary>
/// The stream was not at the version the command expected. Nothing was written. <see cref="Stream"/> names the stream
/// when the command wrote several (null: the command's only stream).
/// </summary>
public sealed record ConflictError(long ExpectedVersion, long ActualVersion, StreamId? Stream = null)
    : Error(
        "version-conflict",
        Stream is { } stream
            ? $"Expected version {ExpectedVersion} of {stream} but it is at version {ActualVersion}."
            : $"Expected version {ExpectedVersion} but the stream is at version {ActualVersion}.");

/// <summary>
/// The command id (an HTTP Idempotency-Key) was already used for another request: another command, or the same
/// command with other input. Nothing was written; the first request's outcome stands.
/// </summary>
public sealed record IdempotencyKeyReusedError(Guid CommandId, string OriginalCommand)
    : Error(
        "idempotency-key-reused",
        $"The command id {CommandId} was already used for another request ({OriginalCommand}). Use a new id for a new request.");

/// <summary>Lets a validation behaviour build a failed response of any result type.</summary>
public interface IFailable<out TSelf>
{
    static abstract TSelf Fail(Error failure);
}

/// <summary>Builds results without naming the value type twice: <c>Result.Ok(value)</c>, <c>Result.Fail&lt;T&gt;(error)</c>.</summary>
public static class Result
{
    public static Result<T> Ok<T>(T value) => new(value);

    public static Result<T> Fail<T>(Error error) => new(error);
}

/// <summary>A value or an expected failure. Exceptions stay for bugs and infrastructure faults.</summary>
public sealed class Result<T> : IFailable<Result<T>>
{
    private readonly T? _value;

    internal Result(T value)
    {
        _value = value;
    }

    internal Result(Error error)
    {
        Error = error ?? throw new ArgumentNullException(nameof(error));
    }

    public Error? Error { get; }

    public bool IsSuccess => Error is null;

    public T Value => IsSuccess ? _value! : throw new InvalidOperationException($"The result failed: {Error!.Message}");

    // Explicit, so the generic type itself declares no callable static members (CA1000); callers use the implicit
    // conversions or the non-generic Result class, and ValidationBehavior reaches this through TResponse.Fail.
    static Result<T> IFailable<Result<T>>.Fail(Error failure) => new(failure);

    public TOut Match<TOut>(Func<T, TOut> success, Func<Error, TOut> failure)
    {
        ArgumentNullException.ThrowIfNull(success);
        ArgumentNullException.ThrowIfNull(failure);
        return IsSuccess ? success(_value!) : failure(Error!);
    }

    public override string ToString() => IsSuccess ? $"Ok({_value})" : $"Fail({Error})";

    public static implicit operator Result<T>(T value) => new(value);

    public static implicit operator Result<T>(Error error) => new(error);
}
