using System.Reflection;
using Amazon.DynamoDBv2;

namespace Adapters.DynamoDb.Tests;

/// <summary>Sees every asynchronous request a client sends, and may fail it, delay it or lose its response.</summary>
public interface IRequestInterceptor
{
    Task<T> InterceptAsync<T>(string operation, object? request, Func<Task<T>> send);
}

/// <summary>
/// A wrapper around the whole <see cref="IAmazonDynamoDB"/> interface (hundreds of members), built with
/// <see cref="DispatchProxy"/> so that each test only writes the interception it needs. It sits outside the SDK's
/// own retries, exactly where a fault that outlived them would surface.
/// </summary>
public class InterceptingClient : DispatchProxy
{
    private static readonly MethodInfo InterceptMethod =
        typeof(InterceptingClient).GetMethod(nameof(InterceptTyped), BindingFlags.NonPublic | BindingFlags.Instance)!;

    private IAmazonDynamoDB _inner = null!;
    private IRequestInterceptor _interceptor = null!;

    public static IAmazonDynamoDB Wrap(IAmazonDynamoDB inner, IRequestInterceptor interceptor)
    {
        var proxy = Create<IAmazonDynamoDB, InterceptingClient>();
        var self = (InterceptingClient)(object)proxy;
        self._inner = inner;
        self._interceptor = interceptor;
        return proxy;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        var returnType = targetMethod.ReturnType;
        if (returnType.IsGenericType && returnType.GetGenericTypeDefinition() == typeof(Task<>))
        {
            return InterceptMethod.MakeGenericMethod(returnType.GetGenericArguments()[0]).Invoke(this, [targetMethod, args]);
        }

        // Dispose, Config and the other synchronous members go straight through (Dispose is the test's business).
        if (targetMethod.Name == nameof(IDisposable.Dispose))
        {
            return null;
        }

        return Call(targetMethod, args);
    }

    private Task<T> InterceptTyped<T>(MethodInfo method, object?[]? args) =>
        _interceptor.InterceptAsync(method.Name.Replace("Async", string.Empty, StringComparison.Ordinal), args?.FirstOrDefault(), () => (Task<T>)Call(method, args)!);

    private object? Call(MethodInfo method, object?[]? args)
    {
        try
        {
            return method.Invoke(_inner, args);
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            throw ex.InnerException;
        }
    }
}
