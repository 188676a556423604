using System.Globalization;
using System.Text;

namespace Benchmarks.Reporting;

/// <summary>The run as a Markdown report (tables per workload) and as one CSV of every cell.</summary>
internal static class Reports
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string Markdown(BenchmarkReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var md = new StringBuilder();
        var rows = report.Rows;
        Line(md, $"# Event store benchmark ({report.Mode} run)");
        Line(md);
        Line(md, $"- Run: {report.StartedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", Invariant)} UTC, {Minutes(report.Duration)} in all, of which seeding {Minutes(report.SeedingDuration)}.");
        Line(md, $"- Machine: {report.Environment.Machine}; {report.Environment.Runtime}; {report.Environment.Busy}.");
        Line(md, $"- DynamoDB: {report.Environment.DynamoDbLocal}, in memory, on the same machine.");
        Line(md, "- DynamoDB Local's latency is not AWS's. Requests and capacity units carry over to AWS; the times only compare the designs with each other, here.");
        Line(md, "- Requests, RCU and WCU are per operation (a load, an append, a command), as DynamoDB Local reported them in ConsumedCapacity; p50/p95 in milliseconds.");
        Line(md, "- \"WCU (AWS rule)\" is what AWS would bill where DynamoDB Local reports otherwise: a TransactWriteItems is billed 2 WCU per KB of every item (DynamoDB Local reports about 4 per KB of one item, whatever the count) plus 1 WCU per KB of each index entry its items write (ours: the change feed's entry on every event item, the by-category entry on a stream's first event), and a failed conditional write is billed at least 1 WCU (DynamoDB Local reports nothing). A single PutItem is billed as DynamoDB Local reports it (item and index entries).");
        Line(md);
        foreach (var (name, summary) in report.Designs)
        {
            Line(md, $"- **{name}**: {summary}");
        }

        Line(md);
        Line(md, "## 1. Load: the current state of one character whose stream holds N events");
        Line(md);
        var k = BenchmarkSettings.ProductSnapshotInterval;
        Line(md, $"Through the application's GetCharacter query (load, snapshot, fold), with a snapshot every {k} events as the policy writes them. N = 100 and up sit on a snapshot, so ours and tip read no events past it; the row marked \"lagging\" has its snapshot {k - 1} events behind, the most the policy allows.");
        Line(md);
        Table(md, ["N", "design", "loads", "requests", "RCU", "p50 ms", "p95 ms"], rows
            .Where(r => r.Workload is WorkloadNames.Load or WorkloadNames.LoadLagging)
            .OrderBy(r => r.N)
            .Select(r => new[] { Count(r.N) + (r.Workload == WorkloadNames.LoadLagging ? " (lagging)" : string.Empty), r.Design, Count(r.Samples), Units(r.RequestsPerOp), Units(r.RcuPerOp), Ms(r.P50Ms), Ms(r.P95Ms) }));

        Line(md, "## 2. Append: one event, and a 10-event commit, through the port");
        Line(md);
        Table(md, ["N", "events per commit", "design", "appends", "requests", "WCU (Local)", "WCU (AWS rule)", "RCU", "p50 ms", "p95 ms"], rows
            .Where(r => r.Workload is WorkloadNames.Append1 or WorkloadNames.Append10)
            .OrderBy(r => r.N).ThenBy(r => r.Workload, StringComparer.Ordinal)
            .Select(r => new[]
            {
                Count(r.N), r.Workload == WorkloadNames.Append1 ? "1" : "10", r.Design, Count(r.Samples), Units(r.RequestsPerOp), Units(r.WcuPerOp),
                Units(r.AwsWcuPerOp), Units(r.RcuPerOp), Ms(r.P50Ms), Ms(r.P95Ms),
            }));

        Line(md, $"## 3. Full command through MediatR: validate, load, decide, append (and the snapshot every {k} events)");
        Line(md);
        Table(md, ["N", "design", "commands", "requests", "RCU", "WCU (Local)", "WCU (AWS rule)", "p50 ms", "p95 ms"], rows
            .Where(r => r.Workload == WorkloadNames.Command)
            .OrderBy(r => r.N)
            .Select(r => new[]
            {
                Count(r.N), r.Design, Count(r.Samples), Units(r.RequestsPerOp), Units(r.RcuPerOp), Units(r.WcuPerOp), Units(r.AwsWcuPerOp), Ms(r.P50Ms), Ms(r.P95Ms),
            }));

        Line(md, "## 4. Contention: concurrent writers through MediatR, on one character or on one character each");
        Line(md);
        var defaults = new EventSourcing.EventSourcingOptions();
        Line(md, $"Retries are version conflicts the application resolved: the first by folding the winner's events, later ones by backing off (random, up to {defaults.MaxConflictBackoff.TotalMilliseconds:0} ms) and re-loading. Failed commands gave up after the application's {defaults.MaxCommandAttempts} attempts.");
        Line(md);
        Table(md, ["writers", "characters", "design", "commands", "commands/s", "retries/command", "failed", "requests", "RCU", "WCU (Local)", "WCU (AWS rule)", "p50 ms", "p95 ms"], rows
            .Where(r => r.Workload is WorkloadNames.ContentionShared or WorkloadNames.ContentionSeparate)
            .OrderBy(r => r.Workload, StringComparer.Ordinal)
            .Select(r => new[]
            {
                Count(r.Threads), r.Workload == WorkloadNames.ContentionShared ? "1" : Count(r.Threads), r.Design, Count(r.Samples), Rate(r.OpsPerSecond),
                Units(r.RetriesPerOp ?? 0), Count(r.Failed), Units(r.RequestsPerOp), Units(r.RcuPerOp), Units(r.WcuPerOp), Units(r.AwsWcuPerOp),
                Ms(r.P50Ms), Ms(r.P95Ms),
            }));

        Line(md, "## 5. Pipeline overhead, in memory: MediatR pipeline vs the domain and the store called directly");
        Line(md);
        Line(md, "The floor does the same load, fold, decide, encode, append and snapshot without MediatR, validation, the DI scope, the command runner, metrics or logging. Ratio = pipeline commands/s / floor commands/s.");
        Line(md);
        Table(md, ["threads", "path", "commands", "commands/s", "p50 ms", "p95 ms", "ratio to floor"], rows
            .Where(r => r.Workload is WorkloadNames.Pipeline or WorkloadNames.Floor)
            .OrderBy(r => r.Threads).ThenBy(r => r.Workload, StringComparer.Ordinal)
            .Select(r => new[] { Count(r.Threads), r.Design, Count(r.Samples), Rate(r.OpsPerSecond), Ms(r.P50Ms, 3), Ms(r.P95Ms, 3), (r.RatioToFloor ?? 0).ToString("0.00", Invariant) }));

        var roundTrips = rows.Where(r => r.Workload == WorkloadNames.LoadRoundTrip).ToList();
        if (roundTrips.Count > 0)
        {
            Line(md, "## 6. A load in one round trip (issue 14 §1): ours against ours with two round trips");
            Line(md);
            Line(md, "GetCharacter through MediatR on ours' table. Two round trips: GetItem of the snapshot, then a Query of the events from it (DynamoDb:LoadInOneRoundTrip=false). One round trip: the GetItem and a backward Query of the newest events, sent together and sized from what the process knows of the stream (warm: it loaded the stream before; cold: it knows nothing and asks for DynamoDb:LoadTailGuess events); a short stream without a snapshot is one backward Query of the whole partition. \"Lag\" is how many events the snapshot is behind the head. RCU (AWS rule) bills every strongly consistent read request at least 1 unit (DynamoDB Local reports an empty Query as 0).");
            Line(md);
            Table(md, ["N", "lag", "design", "loads", "requests", "round trips", "RCU (Local)", "RCU (AWS rule)", "p50 ms", "p95 ms"], roundTrips
                .OrderBy(r => r.N).ThenBy(r => r.Variant, StringComparer.Ordinal)
                .Select(r => new[]
                {
                    Count(r.N), r.Variant, r.Design, Count(r.Samples), Units(r.RequestsPerOp), Units(r.RoundTripsPerOp), Units(r.RcuPerOp), Units(r.AwsRcuPerOp),
                    Ms(r.P50Ms), Ms(r.P95Ms),
                }));
        }

        var idempotency = rows.Where(r => r.Workload == WorkloadNames.Idempotency).ToList();
        if (idempotency.Count > 0)
        {
            Line(md, "## 7. Idempotency: what a command id costs, through MediatR on ours");
            Line(md);
            Line(md, "A character of 28 events (snapshot at 19). A repeat of a remembered key reads the command's first event back to compare fingerprints; the rare path is a stream that has had more keyed commands inside the 24 h window than it remembers (RememberedCommands 20, MaxRememberedKeyedCommands 0, about 220 keyed commands), so a new key reads the window back before it is appended.");
            Line(md);
            Table(md, ["case", "design", "commands", "requests", "RCU", "WCU (AWS rule)", "p50 ms", "p95 ms"], idempotency
                .Select(r => new[] { r.Variant, r.Design, Count(r.Samples), Units(r.RequestsPerOp), Units(r.RcuPerOp), Units(r.AwsWcuPerOp), Ms(r.P50Ms), Ms(r.P95Ms) }));
        }

        var blows = rows.Where(r => r.Workload == WorkloadNames.MultiTarget).ToList();
        if (blows.Count > 0)
        {
            Line(md, "## 8. Multi-target blows: one atomic commit against separate writes, at the port of ours and through the use cases");
            Line(md);
            Line(md, "At the port, per blow: every target is loaded, then the same damage event is written to each, either as one TransactWriteItems (all or nothing) or as one PutItem per target. Through the use cases: one DealAreaDamage command on an encounter of the k characters (it loads the encounter and the k characters, and commits the encounter's event with every target's in one transaction) against one DealDamage command per character. WCU (AWS rule): a transaction is billed 2 WCU per KB of every item, plus 1 WCU per change-feed index entry; a PutItem's figure (1 for the item, 1 for its index entry) is as reported.");
            Line(md);
            Table(md, ["targets", "how", "blows", "requests", "RCU", "WCU (Local)", "WCU (AWS rule)", "p50 ms", "p95 ms"], blows
                .OrderBy(r => r.N).ThenBy(r => Workloads.MultiTargetWorkload.Variants.ToList().IndexOf(r.Variant))
                .Select(r => new[] { Count(r.N), r.Variant, Count(r.Samples), Units(r.RequestsPerOp), Units(r.RcuPerOp), Units(r.WcuPerOp), Units(r.AwsWcuPerOp), Ms(r.P50Ms), Ms(r.P95Ms) }));
        }

        var policies = rows.Where(r => r.Workload == WorkloadNames.RetryPolicy).ToList();
        if (policies.Count > 0)
        {
            Line(md, "## 9. Contention and retry policies: 16 writers on one character, no expected version");
            Line(md);
            Line(md, "Each policy on its own client over ours' table, one after another. \"Gave up\" is a command that met a conflict on every attempt: the API answers it 409 although the caller sent no If-Match.");
            Line(md);
            Table(md, ["policy", "commands", "commands/s", "retries/command", "gave up", "gave up %", "requests", "RCU", "WCU (AWS rule)", "p50 ms", "p95 ms"], policies
                .Select(r => new[]
                {
                    r.Design, Count(r.Samples), Rate(r.OpsPerSecond), Units(r.RetriesPerOp ?? 0), Count(r.Failed),
                    (100.0 * r.Failed / r.Samples).ToString("0.00", Invariant), Units(r.RequestsPerOp), Units(r.RcuPerOp), Units(r.AwsWcuPerOp), Ms(r.P50Ms), Ms(r.P95Ms),
                }));
        }

        var http = rows.Where(r => r.Workload == WorkloadNames.Http).ToList();
        if (http.Count > 0)
        {
            Line(md, "## 10. HTTP against in-process: the real API on Kestrel (loopback, in-memory store) against MediatR in process");
            Line(md);
            Line(md, $"The same command (a grant of 1 temporary hit point, one event) from {http[0].Threads} concurrent senders on both paths, key check on, rate limiting on but out of reach; first with a character per sender (nothing conflicts: the fair comparison), then with every sender on one character (version conflicts, retries and back-off on both paths). Median of alternating rounds. Ratio = HTTP commands/s / in-process commands/s in the same scenario (goal: at least 0.5). CPU shares are of the whole machine ({Environment.ProcessorCount} cores); the client ran on the same machine.");
            Line(md);
            Table(md, ["scenario", "path", "commands", "commands/s", "p50 ms", "tail ms", "tail is", "ratio", "client CPU", "server process CPU", "not 2xx / failed"], http
                .OrderBy(r => Workloads.HttpWorkload.Scenarios.ToList().IndexOf(r.Variant))
                .Select(r => new[]
                {
                    r.Variant, r.Design, Count(r.Samples), Rate(r.OpsPerSecond), Ms(r.P50Ms, 2), Ms(r.P95Ms, 2), r.Note, (r.RatioToFloor ?? 0).ToString("0.00", Invariant),
                    r.ClientCpuShare is { } c ? c.ToString("P0", Invariant) : "in the server's process", (r.ServerCpuShare ?? 0).ToString("P0", Invariant), Count(r.Failed),
                }));
        }

        var feed = rows.Where(r => r.Workload == WorkloadNames.Feed).ToList();
        if (feed.Count > 0)
        {
            Line(md, "## 11. Change feed: what it adds to an append, projection lag, and events projected per second");
            Line(md);
            Line(md, "Ours' adapter on its own tables, at the port. An event item carries the feed's keys, so one PutItem writes the item and its KEYS_ONLY index entry (DynamoDB Local reports both, as AWS bills them). Lag: events appended at a steady rate over 20 streams while one worker projects them with the product's defaults (a poll every 500 ms when idle, 2 s re-read every poll, 30 s every 15 s); lag is from each event's commit time to its projection row's write, and the RCU are all the worker's reads while the load ran, per event (the steady-state cost). Throughput: a backlog appended first, then projected by one worker, and (on a fresh table) by two sharing the shards, on the same two cores as DynamoDB Local; a stream's 15 events are read by one query and written as one row, so a backlog's RCU per event is far below the steady state's. RCU per event: the feed index reads (eventually consistent) alone, and all reads of the projection (feed, stream tail, row).");
            Line(md);
            Table(md, ["figure", "design", "events", "requests", "WCU (Local)", "WCU (AWS rule)", "workers", "events/s", "RCU per event, feed index", "RCU per event, all reads", "p50 ms", "p95 ms"], feed
                .Select(r => r.Variant == FeedFigures.Append
                    ? new[] { r.Variant, r.Design, Count(r.Samples), Units(r.RequestsPerOp), Units(r.WcuPerOp), Units(r.AwsWcuPerOp), "", "", "", "", Ms(r.P50Ms), Ms(r.P95Ms) }
                    : r.Variant == FeedFigures.Lag
                        ? new[] { $"{r.Variant} ({r.Note})", r.Design, Count(r.Samples), "", "", "", "1", Rate(r.OpsPerSecond), (r.FeedRcuPerOp ?? 0).ToString("0.###", Invariant), Units(r.RcuPerOp), Ms(r.P50Ms), Ms(r.P95Ms) }
                        : new[] { $"{r.Variant} ({r.Note})", r.Design, Count(r.Samples), "", "", "", Count(r.Threads), Rate(r.OpsPerSecond), (r.FeedRcuPerOp ?? 0).ToString("0.###", Invariant), Units(r.RcuPerOp), "", "" }));
        }

        if (report.Warnings.Count > 0)
        {
            Line(md, "## Warnings");
            Line(md);
            foreach (var warning in report.Warnings)
            {
                Line(md, $"- {warning}");
            }
        }

        return md.ToString();
    }

    public static string Csv(BenchmarkReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var csv = new StringBuilder();
        Line(csv, "workload,design,n,threads,samples,requests_per_op,rcu_per_op,wcu_per_op,wcu_aws_per_op,p50_ms,p95_ms,ops_per_s,retries_per_op,failed,ratio_to_floor,variant,rcu_aws_per_op,round_trips_per_op,note,feed_rcu_per_op");
        foreach (var r in report.Rows)
        {
            Line(csv, string.Join(',', [
                r.Workload, Cell(r.Design), Raw(r.N), Raw(r.Threads), Raw(r.Samples), Raw(r.RequestsPerOp), Raw(r.RcuPerOp), Raw(r.WcuPerOp), Raw(r.AwsWcuPerOp),
                Raw(r.P50Ms), Raw(r.P95Ms), Raw(r.OpsPerSecond), Raw(r.RetriesPerOp), Raw(r.Failed), Raw(r.RatioToFloor),
                Cell(r.Variant), Raw(r.AwsRcuPerOp), Raw(r.RoundTripsPerOp), Cell(r.Note), Raw(r.FeedRcuPerOp),
            ]));
        }

        return csv.ToString();
    }

    private static void Table(StringBuilder md, string[] header, IEnumerable<string[]> rows)
    {
        Line(md, "| " + string.Join(" | ", header) + " |");
        Line(md, "|" + string.Concat(header.Select((_, i) => i == 0 || header[i] is "design" or "path" or "how" or "case" or "policy" or "lag" or "tail is" or "scenario" or "figure" ? " --- |" : " ---: |")));
        foreach (var row in rows)
        {
            Line(md, "| " + string.Join(" | ", row) + " |");
        }

        Line(md);
    }

    private static void Line(StringBuilder text, string line = "") => text.Append(line).Append('\n');

    private static string Minutes(TimeSpan time) =>
        time.TotalMinutes >= 1 ? $"{(int)time.TotalMinutes} min {time.Seconds} s" : $"{time.TotalSeconds.ToString("0.0", Invariant)} s";

    private static string Count(long value) => value.ToString("N0", Invariant);

    private static string Units(double value) =>
        value >= 100 ? value.ToString("N0", Invariant) : value.ToString("0.##", Invariant);

    private static string Ms(double value, int decimals = 1) =>
        value >= 100 ? value.ToString("N0", Invariant) : value.ToString("0." + new string('0', decimals), Invariant);

    private static string Rate(double? value) => (value ?? 0).ToString("N0", Invariant);

    private static string Raw(double? value) => value is { } v ? v.ToString("0.######", Invariant) : string.Empty;

    private static string Raw(long value) => value.ToString(Invariant);

    // Names are written without commas (as semicolons), so that every line splits on its commas alone.
    private static string Cell(string value) => value.Replace(',', ';');
}
