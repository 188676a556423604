using System.Diagnostics;
using System.Globalization;
using Adapters.DynamoDb;
using DynamoDbLocal;
using EventSourcing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Benchmarks;

/// <summary>
/// The change feed's figures on DynamoDB Local (`-- --feed`): append WCU with and without the feed, projection lag
/// p50/p95 under a steady load, events projected per second by one and two workers, and RCU per event read from the feed.
/// </summary>
internal static class FeedFigures
{
    public static async Task RunAsync(DynamoDbLocalServer server, TextWriter output, CancellationToken ct)
    {
        var withFeed = await AppendWcuAsync(server, 4, ct);
        var withoutFeed = await AppendWcuAsync(server, 0, ct);
        output.WriteLine("| figure | value |");
        output.WriteLine("| --- | --- |");
        output.WriteLine(Invariant($"| append of one event (PutItem), WCU reported by DynamoDB Local, with the feed | {withFeed:F2} |"));
        output.WriteLine(Invariant($"| same, without the feed (DynamoDb:FeedShards=0) | {withoutFeed:F2} |"));
        output.WriteLine("| same, AWS rule (1 WCU per KB of item + 1 per KB of each GSI entry) | 2 with the feed, 1 without |");

        await using var rig = await Rig.CreateAsync(server, ct);
        var lags = await SteadyLagAsync(rig, eventsPerSecond: 20, seconds: 15, ct);
        output.WriteLine(Invariant($"| projection lag under 20 events/s for 15 s ({lags.Count} events), p50 / p95 | {Percentile(lags, 0.5):F0} ms / {Percentile(lags, 0.95):F0} ms |"));

        foreach (var workers in new[] { 1, 2 })
        {
            var (rate, feedRcuPerEvent, allRcuPerEvent) = await ThroughputAsync(rig, workers, events: 1500, ct);
            output.WriteLine(Invariant($"| events projected per second from a backlog of 1,500, {workers} worker(s) | {rate:F0} |"));
            if (workers == 1)
            {
                output.WriteLine(Invariant($"| RCU per event read from the feed index (eventually consistent, as reported) | {feedRcuPerEvent:F3} |"));
                output.WriteLine(Invariant($"| RCU per event projected, all reads (feed, stream, row) | {allRcuPerEvent:F2} |"));
            }
        }
    }

    private static async Task<double> AppendWcuAsync(DynamoDbLocalServer server, int shards, CancellationToken ct)
    {
        await using var provider = Provider(server, DynamoDbLocalServer.NewTableName("feedwcu"), shards);
        await provider.GetRequiredService<DynamoDbEventTable>().EnsureTableAsync(ct);
        var store = provider.GetRequiredService<IEventStore>();
        var meter = provider.GetRequiredService<DynamoDbCapacityMeter>();
        var stream = new StreamId("bench", Guid.NewGuid().ToString("N"));
        await store.AppendAsync(stream, ExpectedVersion.NoStream, [Event(0)], ct);
        var before = meter.For(Operations.Append);
        for (var v = 0; v < 100; v++)
        {
            await store.AppendAsync(stream, ExpectedVersion.Exact(v), [Event(v + 1)], ct);
        }

        return (meter.For(Operations.Append) - before).WriteCapacityUnits / 100;
    }

    private static async Task<List<double>> SteadyLagAsync(Rig rig, int eventsPerSecond, int seconds, CancellationToken ct)
    {
        var lags = new List<double>();
        var recorder = new LagRecorder(lags);
        var processor = rig.Processor("lag", [recorder], "steady");
        using var stop = new CancellationTokenSource();
        var run = processor.RunAsync(stop.Token);
        var heads = new Dictionary<StreamId, long>();
        var total = eventsPerSecond * seconds;
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < total; i++)
        {
            var wait = TimeSpan.FromSeconds((double)i / eventsPerSecond) - clock.Elapsed;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, ct);
            }

            await rig.AppendAsync("steady", heads, i % 20, ct);
        }

        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (recorder.Count < total && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100, ct);
        }

        await stop.CancelAsync();
        await run;
        return lags;
    }

    private static async Task<(double Rate, double FeedRcu, double AllRcu)> ThroughputAsync(Rig rig, int workers, int events, CancellationToken ct)
    {
        var category = "backlog" + workers.ToString(CultureInfo.InvariantCulture);
        var heads = new Dictionary<StreamId, long>();
        for (var i = 0; i < events; i++)
        {
            await rig.AppendAsync(category, heads, i % 100, ct);
        }

        var recorder = new LagRecorder([]);
        var processors = Enumerable.Range(0, workers).Select(w => rig.Processor("tp" + category, [recorder], category, "w" + w.ToString(CultureInfo.InvariantCulture))).ToList();
        var before = rig.Meter.Snapshot().Values.Aggregate(default(CapacityTotals), (a, b) => a + b);
        var feedBefore = rig.Meter.For(Operations.Feed);
        using var stop = new CancellationTokenSource();
        var clock = Stopwatch.StartNew();
        var runs = processors.Select(p => Task.Run(() => p.RunAsync(stop.Token), ct)).ToList();
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (recorder.Count < events && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20, ct);
        }

        var elapsed = clock.Elapsed;
        await stop.CancelAsync();
        await Task.WhenAll(runs);
        var all = rig.Meter.Snapshot().Values.Aggregate(default(CapacityTotals), (a, b) => a + b) - before;
        var feed = rig.Meter.For(Operations.Feed) - feedBefore;
        return (recorder.Count / elapsed.TotalSeconds, feed.ReadCapacityUnits / Math.Max(1, recorder.Count), all.ReadCapacityUnits / Math.Max(1, recorder.Count));
    }

    private static double Percentile(List<double> values, double p)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToList();
        return sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
    }

    private static EventData Event(int i)
    {
        var command = Guid.NewGuid();
        return new EventData(Guid.NewGuid(), "bench-counted.v1", 1, DateTimeOffset.UtcNow, Invariant($$"""{"i":{{i}},"note":"an event of about two hundred bytes, as a character event is"}"""), new EventMetadata(command, command, command));
    }

    private static ServiceProvider Provider(DynamoDbLocalServer server, string table, int shards) => new ServiceCollection()
        .AddLogging(l => l.SetMinimumLevel(LogLevel.Warning))
        .AddDynamoDbEventStore(o =>
        {
            o.TableName = table;
            o.ServiceUrl = server.ServiceUrl.ToString();
            o.Region = DynamoDbLocalServer.Region;
            o.FeedShards = shards;
        })
        .BuildServiceProvider();

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private sealed class LagRecorder(List<double> lags) : IProjectionObserver
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public void OnApplied(ProjectionChange change)
        {
            var now = DateTimeOffset.UtcNow;
            lock (lags)
            {
                lags.AddRange(change.Events.Select(e => (now - e.Timestamp).TotalMilliseconds));
            }

            Interlocked.Add(ref _count, change.Events.Count);
        }
    }

    private sealed class Rig : IAsyncDisposable
    {
        private readonly ServiceProvider _provider;

        private Rig(ServiceProvider provider) => _provider = provider;

        public DynamoDbCapacityMeter Meter => _provider.GetRequiredService<DynamoDbCapacityMeter>();

        public static async Task<Rig> CreateAsync(DynamoDbLocalServer server, CancellationToken ct)
        {
            var provider = Provider(server, DynamoDbLocalServer.NewTableName("feedfig"), 4);
            await provider.GetRequiredService<DynamoDbEventTable>().EnsureTableAsync(ct);
            return new Rig(provider);
        }

        public FeedProcessor Processor(string name, IEnumerable<IProjectionObserver> observers, string category, string owner = "w0") => new(
            _provider.GetRequiredService<IEventFeed>(),
            _provider.GetRequiredService<IEventStore>(),
            _provider.GetRequiredService<ISubscriptionStore>(),
            _provider.GetRequiredService<IProjectionStore>(),
            [new ProjectionDefinition(name, category, (data, e) => (int.Parse(data ?? "0", CultureInfo.InvariantCulture) + 1).ToString(CultureInfo.InvariantCulture))],
            Options.Create(new FeedOptions { Subscription = "fig-" + name, Owner = owner, PollInterval = TimeSpan.FromMilliseconds(100), LeaseDuration = TimeSpan.FromSeconds(5) }),
            new FeedMetrics(_provider.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>()),
            observers: observers);

        public async Task AppendAsync(string category, Dictionary<StreamId, long> heads, int streamIndex, CancellationToken ct)
        {
            var stream = new StreamId(category, "s" + streamIndex.ToString(CultureInfo.InvariantCulture));
            var head = heads.GetValueOrDefault(stream, -1);
            var result = await _provider.GetRequiredService<IEventStore>()
                .AppendAsync(stream, head < 0 ? ExpectedVersion.NoStream : ExpectedVersion.Exact(head), [Event((int)head + 1)], ct);
            heads[stream] = ((AppendResult.Appended)result).LastVersion;
        }

        public ValueTask DisposeAsync() => _provider.DisposeAsync();
    }
}
