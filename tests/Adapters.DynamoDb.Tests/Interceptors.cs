using System.Collections.Concurrent;
using System.Net;
using Amazon.Runtime;

namespace Adapters.DynamoDb.Tests;

/// <summary>Records every request sent, in order.</summary>
public sealed class RecordingInterceptor : IRequestInterceptor
{
    private readonly ConcurrentQueue<(string Operation, object? Request)> _sent = new();

    public IReadOnlyList<(string Operation, object? Request)> Sent => _sent.ToList();

    public IEnumerable<T> Requests<T>() => _sent.Select(s => s.Request).OfType<T>();

    public void Clear() => _sent.Clear();

    public Task<T> InterceptAsync<T>(string operation, object? request, Func<Task<T>> send)
    {
        _sent.Enqueue((operation, request));
        return send();
    }
}

/// <summary>
/// Fails a share of the requests the way a network does once the SDK's retries are spent: before the request
/// reaches DynamoDB (nothing happened), or after DynamoDB did the work but the answer never came back.
/// </summary>
public sealed class FaultInjector(double failBeforeSending, double loseResponse, int seed) : IRequestInterceptor
{
    private readonly Random _random = new(seed);
    private readonly Lock _lock = new();
    private int _failedBefore;
    private int _lostResponses;
    private int _requests;

    /// <summary>Which requests may fail; null for all.</summary>
    public Func<string, bool>? Applies { get; set; }

    public bool Enabled { get; set; } = true;

    public int FailedBeforeSending => _failedBefore;

    public int LostResponses => _lostResponses;

    public int Requests => _requests;

    public async Task<T> InterceptAsync<T>(string operation, object? request, Func<Task<T>> send)
    {
        if (!Enabled || Applies?.Invoke(operation) == false)
        {
            return await send();
        }

        Interlocked.Increment(ref _requests);
        double roll;
        lock (_lock)
        {
            roll = _random.NextDouble();
        }

        if (roll < failBeforeSending)
        {
            Interlocked.Increment(ref _failedBefore);
            throw new AmazonServiceException(
                "Injected: the service was unavailable and the SDK gave up.", ErrorType.Receiver, "ServiceUnavailable", "injected", HttpStatusCode.ServiceUnavailable);
        }

        var lose = roll < failBeforeSending + loseResponse;
        try
        {
            var response = await send();
            if (lose)
            {
                Interlocked.Increment(ref _lostResponses);
                throw new TaskCanceledException("Injected: the request timed out after DynamoDB had done the work.", new TimeoutException());
            }

            return response;
        }
        catch (Exception ex) when (lose && ex is not TaskCanceledException)
        {
            // A rejected condition whose answer got lost looks the same to the caller: a timeout.
            Interlocked.Increment(ref _lostResponses);
            throw new TaskCanceledException("Injected: the request timed out after DynamoDB had answered.", new TimeoutException());
        }
    }
}

/// <summary>Runs a callback for each request; for one-off tricks such as losing exactly one response.</summary>
public sealed class CallbackInterceptor(Func<string, object?, Func<Task<object?>>, Task<object?>> callback) : IRequestInterceptor
{
    public async Task<T> InterceptAsync<T>(string operation, object? request, Func<Task<T>> send) =>
        (T)(await callback(operation, request, async () => await send()))!;
}
