using Adapters.InMemory;
using Application;
using Application.Characters;
using Application.Common;
using EventSourcing;
using Domain;
using MediatR;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Hosting;
using Hosting.Snapshots;

namespace Worker.Tests;

/// <summary>
/// One worker "instance": the application and the snapshot job composed as a host composes them, over a store and a
/// schedule that outlive it (as a database outlives worker processes). Two rigs over the same store are two workers.
/// </summary>
internal sealed class WorkerRig : IAsyncDisposable
{
    public const int SnapshotInterval = 5;

    public WorkerRig(IEventStore store, ISnapshotSchedule schedule, IDictionary<string, string?>? settings = null, Action<IServiceCollection>? configure = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["Application:SnapshotInterval"] = SnapshotInterval.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Worker:PollInterval"] = "00:00:00.020",
            ["Worker:BatchSize"] = "100",
            ["Worker:ShutdownGrace"] = "00:00:00",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(store);
        services.AddSingleton(schedule);
        configure?.Invoke(services);
        services.AddApplication(configuration);
        services.AddSnapshotWorker(configuration);
        Services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
    }

    public ServiceProvider Services { get; }

    public SnapshotJob Job => Services.GetRequiredService<SnapshotJob>();

    public SnapshotWorker Worker => Services.GetServices<IHostedService>().OfType<SnapshotWorker>().Single();

    public static (InMemoryEventStore Store, InMemorySnapshotSchedule Schedule) NewDatabase() => (new(), new());

    public async Task<Result<T>> SendAsync<T>(IRequest<Result<T>> request)
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(request);
    }

    /// <summary>Creates characters "c00", "c01"... with 100 HP and deals each <paramref name="hits"/> points of damage, one command a point.</summary>
    public async Task<string[]> SeedAsync(int characters, int hits)
    {
        var ids = Enumerable.Range(0, characters).Select(i => $"c{i:00}").ToArray();
        foreach (var id in ids)
        {
            Assert.True((await SendAsync(new CreateCharacter(id, 100, CharacterId: id))).IsSuccess);
            for (var i = 0; i < hits; i++)
            {
                Assert.True((await SendAsync(new DealDamage(id, 1, DamageType.Fire))).IsSuccess);
            }
        }

        return ids;
    }

    public ValueTask DisposeAsync() => Services.DisposeAsync();
}

/// <summary>The in-memory store with hooks, to stop a worker at an exact point instead of guessing with sleeps.</summary>
internal sealed class HookedEventStore(IEventStore inner) : IEventStore
{
    public Func<StreamId, Snapshot, CancellationToken, Task>? BeforeSnapshotWrite { get; set; }

    public Func<StreamId, CancellationToken, Task>? BeforeLoad { get; set; }

    public Task<AppendResult> AppendAsync(StreamId stream, ExpectedVersion expected, IReadOnlyList<EventData> events, CancellationToken cancellationToken = default) =>
        inner.AppendAsync(stream, expected, events, cancellationToken);

    public Task<MultiAppendResult> AppendAsync(IReadOnlyList<StreamAppend> commit, CancellationToken cancellationToken = default) =>
        inner.AppendAsync(commit, cancellationToken);

    public Task<EventPage> ReadAsync(StreamId stream, long fromVersion, int maxCount, string? continuationToken = null, CancellationToken cancellationToken = default) =>
        inner.ReadAsync(stream, fromVersion, maxCount, continuationToken, cancellationToken);

    public async Task<LoadedStream> LoadAsync(StreamId stream, int snapshotSchemaVersion, CancellationToken cancellationToken = default)
    {
        if (BeforeLoad is { } hook)
        {
            await hook(stream, cancellationToken);
        }

        return await inner.LoadAsync(stream, snapshotSchemaVersion, cancellationToken);
    }

    public async Task<bool> WriteSnapshotAsync(StreamId stream, Snapshot snapshot, CancellationToken cancellationToken = default)
    {
        if (BeforeSnapshotWrite is { } hook)
        {
            await hook(stream, snapshot, cancellationToken);
        }

        return await inner.WriteSnapshotAsync(stream, snapshot, cancellationToken);
    }

    public Task<StreamPage> ListStreamsAsync(string category, int pageSize, string? continuationToken = null, CancellationToken cancellationToken = default) =>
        inner.ListStreamsAsync(category, pageSize, continuationToken, cancellationToken);
}

/// <summary>A schedule with a hook before each clear, and a signal when the job has cleared a given number of flags.</summary>
internal sealed class HookedSchedule(ISnapshotSchedule inner) : ISnapshotSchedule
{
    private readonly Lock _gate = new();
    private readonly List<(int Count, TaskCompletionSource Done)> _waiters = [];
    private int _cleared;

    public Func<StreamId, CancellationToken, Task>? BeforeClear { get; set; }

    /// <summary>Called before each listing, with how many listings there have been (this one included): one per batch.</summary>
    public Action<int>? OnList { get; set; }

    /// <summary>True makes every clear a no-op that still reports success, like a store whose conditional clear never matches.</summary>
    public bool IgnoreClears { get; set; }

    public int Listings => Volatile.Read(ref _listings);

    private int _listings;

    /// <summary>Completes once <paramref name="count"/> clears have gone through: the job's own completion signal, no polling.</summary>
    public Task WhenClearedAsync(int count)
    {
        lock (_gate)
        {
            if (_cleared >= count)
            {
                return Task.CompletedTask;
            }

            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((count, done));
            return done.Task;
        }
    }

    public Task FlagAsync(StreamId stream, long version, CancellationToken cancellationToken = default) =>
        inner.FlagAsync(stream, version, cancellationToken);

    public Task<IReadOnlyList<SnapshotDue>> ListDueAsync(string category, int max, CancellationToken cancellationToken = default)
    {
        OnList?.Invoke(Interlocked.Increment(ref _listings));
        return inner.ListDueAsync(category, max, cancellationToken);
    }

    public async Task ClearAsync(StreamId stream, long snapshotVersion, CancellationToken cancellationToken = default)
    {
        if (BeforeClear is { } hook)
        {
            await hook(stream, cancellationToken);
        }

        if (!IgnoreClears)
        {
            await inner.ClearAsync(stream, snapshotVersion, cancellationToken);
        }

        lock (_gate)
        {
            _cleared++;
            foreach (var waiter in _waiters.Where(w => w.Count <= _cleared).ToList())
            {
                waiter.Done.TrySetResult();
                _waiters.Remove(waiter);
            }
        }
    }
}

/// <summary>
/// Real time for everything except the worker's pause: a timer of exactly <paramref name="pause"/> never fires on its
/// own, and each one created counts as a pause. A test sees the worker decide to wait, with no sleep.
/// </summary>
internal sealed class PauseClock(TimeSpan pause) : TimeProvider
{
    private readonly Lock _gate = new();
    private readonly List<(int Count, TaskCompletionSource Done)> _waiters = [];
    private int _pauses;

    /// <summary>Completes when the worker has started its <paramref name="count"/>-th pause.</summary>
    public Task WhenPausedAsync(int count)
    {
        lock (_gate)
        {
            if (_pauses >= count)
            {
                return Task.CompletedTask;
            }

            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((count, done));
            return done.Task;
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        if (dueTime != pause)
        {
            return base.CreateTimer(callback, state, dueTime, period);
        }

        lock (_gate)
        {
            _pauses++;
            foreach (var waiter in _waiters.Where(w => w.Count <= _pauses).ToList())
            {
                waiter.Done.TrySetResult();
                _waiters.Remove(waiter);
            }
        }

        return base.CreateTimer(callback, state, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }
}
