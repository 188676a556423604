using System.Diagnostics;
using System.Globalization;
using Adapters.DynamoDb;
using Benchmarks.Measurement;
using Benchmarks.Reporting;
using DynamoDbLocal;
using EventSourcing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Benchmarks;

/// <summary>
/// The change feed's figures on DynamoDB Local, part of the full run (section 11) and on their own with `-- --feed`:
/// append WCU with and without the feed, projection lag p50/p95 under a steady load, events projected per second by one
/// and two workers, and RCU per event read from the feed.
/// </summary>
internal static class FeedFigures
{
    public const string WithFeed = "ours, with the feed (FeedShards=4)";
    public const string WithoutFeed = "ours, without the feed (FeedShards=0)";
    public const string Append = "append of one event";
    public const string Lag = "projection lag";
    public const string Throughput = "events projected from a backlog";

    public static async Task<List<ResultRow>> MeasureAsync(DynamoDbLocalServer server, BenchmarkSettings settings, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(settings);
        var rows = new List<ResultRow>
        {
            await AppendAsync(server, 4, settings.FeedAppends, ct),
            await AppendAsync(server, 0, settings.FeedAppends, ct),
        };

        List<double> lags;
        double achieved, steadyFeedRcu, steadyAllRcu;
        await using (var rig = await Rig.CreateAsync(server, ct))
        {
            (lags, achieved, steadyFeedRcu, steadyAllRcu) = await SteadyLagAsync(rig, settings.FeedLagEventsPerSecond, settings.FeedLagSeconds, ct);
        }

        rows.Add(new ResultRow
        {
            Workload = WorkloadNames.Feed,
            Design = WithFeed,
            Variant = Lag,
            Note = Invariant($"{settings.FeedLagEventsPerSecond} events/s for {settings.FeedLagSeconds} s"),
            Samples = lags.Count,
            // The rate the appends achieved (the target is in the note).
            OpsPerSecond = achieved,
            P50Ms = Samples.Percentile(lags, 50),
            P95Ms = Samples.Percentile(lags, 95),
            RcuPerOp = steadyAllRcu,
            FeedRcuPerOp = steadyFeedRcu,
            UsesDynamoDb = false,
        });

        foreach (var workers in new[] { 1, 2 })
        {
            // A table of its own for each run: a new subscription reads the feed from its start, and must find only its backlog.
            await using var rig = await Rig.CreateAsync(server, ct);
            var (rate, feedRcuPerEvent, allRcuPerEvent, projected) = await ThroughputAsync(rig, workers, settings.FeedBacklog, ct);
            rows.Add(new ResultRow
            {
                Workload = WorkloadNames.Feed,
                Design = WithFeed,
                Variant = Throughput,
                Note = Invariant($"a backlog of {settings.FeedBacklog:N0} events over 100 streams"),
                Threads = workers,
                Samples = projected,
                OpsPerSecond = rate,
                RcuPerOp = allRcuPerEvent,
                FeedRcuPerOp = feedRcuPerEvent,
                UsesDynamoDb = false,
            });
        }

        return rows;
    }

    /// <summary>The figures as the `-- --feed` command prints them.</summary>
    public static void Print(IReadOnlyList<ResultRow> rows, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(output);
        output.WriteLine("| figure | value |");
        output.WriteLine("| --- | --- |");
        foreach (var row in rows)
        {
            output.WriteLine(row.Variant switch
            {
                Append => Invariant($"| {Append}, {row.Design}: WCU (Local / AWS rule), p50 / p95 | {row.WcuPerOp:0.##} / {row.AwsWcuPerOp:0.##}, {row.P50Ms:0.0} / {row.P95Ms:0.0} ms |"),
                Lag => Invariant($"| {Lag} under {row.Note} ({row.Samples} events), p50 / p95; RCU per event from the feed index / all reads | {row.P50Ms:F0} ms / {row.P95Ms:F0} ms; {row.FeedRcuPerOp:0.###} / {row.RcuPerOp:0.##} |"),
                _ => Invariant($"| {Throughput} ({row.Note}), {row.Threads} worker(s): events/s; RCU per event from the feed index / all reads | {row.OpsPerSecond:F0}; {row.FeedRcuPerOp:0.###} / {row.RcuPerOp:0.##} |"),
            });
        }
    }

    private static async Task<ResultRow> AppendAsync(DynamoDbLocalServer server, int shards, int appends, CancellationToken ct)
    {
        await using var provider = Provider(server, DynamoDbLocalServer.NewTableName("feedwcu"), shards);
        await provider.GetRequiredService<DynamoDbEventTable>().EnsureTableAsync(ct);
        var store = provider.GetRequiredService<IEventStore>();
        var meter = provider.GetRequiredService<DynamoDbCapacityMeter>();
        var stream = new StreamId("bench", Guid.NewGuid().ToString("N"));
        await store.AppendAsync(stream, ExpectedVersion.NoStream, [Event(0)], ct);
        var before = meter.For(Operations.Append);
        var latencies = new Samples();
        for (var v = 0; v < appends; v++)
        {
            var version = v;
            await latencies.TimeAsync(() => store.AppendAsync(stream, ExpectedVersion.Exact(version), [Event(version + 1)], ct));
        }

        var used = meter.For(Operations.Append) - before;
        return new ResultRow
        {
            Workload = WorkloadNames.Feed,
            Design = shards > 0 ? WithFeed : WithoutFeed,
            Variant = Append,
            Samples = appends,
            RequestsPerOp = (double)used.Requests / appends,
            // A single PutItem: DynamoDB Local reports the table write and the index entry, as AWS bills them.
            WcuPerOp = used.WriteCapacityUnits / appends,
            AwsWcuPerOp = used.WriteCapacityUnits / appends,
            P50Ms = latencies.Percentile(50),
            P95Ms = latencies.Percentile(95),
        };
    }

    private static CapacityTotals Totals(Rig rig) => rig.Meter.Snapshot().Values.Aggregate(default(CapacityTotals), (a, b) => a + b);

    private static async Task<(List<double> Lags, double Achieved, double FeedRcu, double AllRcu)> SteadyLagAsync(Rig rig, int eventsPerSecond, int seconds, CancellationToken ct)
    {
        var lags = new List<double>();
        var recorder = new LagRecorder(lags);
        var processor = rig.Processor("lag", [recorder], "steady");
        using var stop = new CancellationTokenSource();
        var run = processor.RunAsync(stop.Token);
        var heads = new Dictionary<StreamId, long>();
        var total = eventsPerSecond * seconds;
        var all = Totals(rig);
        var feed = rig.Meter.For(Operations.Feed);
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

        var achieved = total / clock.Elapsed.TotalSeconds;

        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (recorder.Count < total && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100, ct);
        }

        await stop.CancelAsync();
        await run;
        // Reads while the load ran and the worker caught up; the appends' own requests are writes and read nothing.
        var feedRcu = (rig.Meter.For(Operations.Feed) - feed).ReadCapacityUnits / Math.Max(1, lags.Count);
        var allRcu = (Totals(rig) - all).ReadCapacityUnits / Math.Max(1, lags.Count);
        return (lags, achieved, feedRcu, allRcu);
    }

    private static async Task<(double Rate, double FeedRcu, double AllRcu, int Projected)> ThroughputAsync(Rig rig, int workers, int events, CancellationToken ct)
    {
        var category = "backlog" + workers.ToString(CultureInfo.InvariantCulture);
        var heads = new Dictionary<StreamId, long>();
        for (var i = 0; i < events; i++)
        {
            await rig.AppendAsync(category, heads, i % 100, ct);
        }

        var recorder = new LagRecorder([]);
        var processors = Enumerable.Range(0, workers).Select(w => rig.Processor("tp" + category, [recorder], category, "w" + w.ToString(CultureInfo.InvariantCulture))).ToList();
        var before = Totals(rig);
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
        var all = Totals(rig) - before;
        var feed = rig.Meter.For(Operations.Feed) - feedBefore;
        return (recorder.Count / elapsed.TotalSeconds, feed.ReadCapacityUnits / Math.Max(1, recorder.Count), all.ReadCapacityUnits / Math.Max(1, recorder.Count), recorder.Count);
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
            // The product's defaults (poll every 500 ms, overlap 30 s, sweep of 15 min every 5 min), but a name and owner each.
            Options.Create(new FeedOptions { Subscription = "fig-" + name, Owner = owner }),
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
