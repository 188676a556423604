using Adapters.InMemory;
using Application.Common;
using EventSourcing;
using MediatR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using NSubstitute;

namespace Application.Tests;

/// <summary>The application as the hosts compose it, over the in-memory adapter or an NSubstitute port.</summary>
internal sealed class TestHost : IDisposable
{
    private readonly ServiceProvider _provider;

    private TestHost(Action<IServiceCollection> addStore, Action<EventSourcingOptions>? configure, TimeProvider? clock = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddApplication();
        if (clock is not null)
        {
            services.AddSingleton(clock);
        }

        if (configure is not null)
        {
            services.Configure(configure);
        }

        addStore(services);

        // Hosts with a port-only store (a substitute, a counting wrapper) have no projection adapter; the board's handler still needs one.
        services.TryAddSingleton(Substitute.For<IProjectionStore>());
        _provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
    }

    public IServiceProvider Services => _provider;

    public static TestHost InMemory(Action<EventSourcingOptions>? configure = null, TimeProvider? clock = null) =>
        new(s => s.AddInMemoryEventStore(), configure, clock);

    /// <summary>The in-memory store behind a wrapper that counts reads, to see what the command path costs.</summary>
    public static TestHost Counting(CountingStore store, Action<EventSourcingOptions>? configure = null, TimeProvider? clock = null) =>
        new(
            s =>
            {
                s.AddSingleton<IEventStore>(store);
                s.AddSingleton<ISnapshotSchedule>(new Adapters.InMemory.InMemorySnapshotSchedule());
            },
            configure,
            clock);

    public static TestHost WithSubstitute(IEventStore store, ISnapshotSchedule? schedule = null, Action<EventSourcingOptions>? configure = null) =>
        new(
            s =>
            {
                s.AddSingleton(store);
                s.AddSingleton(schedule ?? Substitute.For<ISnapshotSchedule>());
            },
            configure);

    public async Task<TResponse> Send<TResponse>(IRequest<TResponse> request)
    {
        using var scope = _provider.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(request);
    }

    /// <summary>What the snapshot job does for a flagged stream: refresh the character's snapshot if it is due.</summary>
    public async Task<SnapshotRefresh> RefreshSnapshot(string characterId)
    {
        using var scope = _provider.CreateScope();
        return await scope.ServiceProvider.GetServices<ISnapshotRefresher>().Single(r => r.Category == "character").RefreshAsync(characterId);
    }

    public T Get<T>()
        where T : notnull => _provider.GetRequiredService<T>();

    public void Dispose() => _provider.Dispose();
}

/// <summary>A clock the test moves by hand.</summary>
internal sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}

/// <summary>An in-memory store that counts the reads and appends it serves.</summary>
internal sealed class CountingStore : IEventStore
{
    private readonly Adapters.InMemory.InMemoryEventStore _inner = new();

    public int Reads { get; private set; }

    public int Loads { get; private set; }

    public int Appends { get; private set; }

    /// <summary>Writes events as the previous release did: without a fingerprint.</summary>
    public bool StripFingerprints { get; set; }

    /// <summary>Thrown by snapshot writes, when set.</summary>
    public Exception? SnapshotFailure { get; set; }

    /// <summary>Replaces stored snapshots' payloads, when set.</summary>
    public string? CorruptSnapshotPayload { get; set; }

    public void Reset() => (Reads, Loads, Appends) = (0, 0, 0);

    public Task<AppendResult> AppendAsync(StreamId stream, ExpectedVersion expected, IReadOnlyList<EventData> events, CancellationToken cancellationToken = default)
    {
        Appends++;
        var written = StripFingerprints ? events.Select(e => e with { Metadata = e.Metadata with { Fingerprint = null } }).ToList() : events;
        return _inner.AppendAsync(stream, expected, written, cancellationToken);
    }

    public Task<MultiAppendResult> AppendAsync(IReadOnlyList<StreamAppend> commit, CancellationToken cancellationToken = default) =>
        _inner.AppendAsync(commit, cancellationToken);

    public Task<EventPage> ReadAsync(StreamId stream, long fromVersion, int maxCount, string? continuationToken = null, CancellationToken cancellationToken = default)
    {
        Reads++;
        return _inner.ReadAsync(stream, fromVersion, maxCount, continuationToken, cancellationToken);
    }

    public Task<LoadedStream> LoadAsync(StreamId stream, int snapshotSchemaVersion, CancellationToken cancellationToken = default)
    {
        Loads++;
        return _inner.LoadAsync(stream, snapshotSchemaVersion, cancellationToken);
    }

    public Task<bool> WriteSnapshotAsync(StreamId stream, Snapshot snapshot, CancellationToken cancellationToken = default) =>
        SnapshotFailure is { } failure ? Task.FromException<bool>(failure)
        : _inner.WriteSnapshotAsync(stream, CorruptSnapshotPayload is { } payload ? snapshot with { Payload = payload } : snapshot, cancellationToken);

    public Task<StreamPage> ListStreamsAsync(string category, int pageSize, string? continuationToken = null, CancellationToken cancellationToken = default) =>
        _inner.ListStreamsAsync(category, pageSize, continuationToken, cancellationToken);
}
