using Benchmarks;
using Benchmarks.Reporting;
using DynamoDbLocal;

// dotnet run -c Release --project bench/Benchmarks [-- --smoke] [-- --out DIR]
var smoke = args.Contains("--smoke");
if (args.Contains("--help") || args.Contains("-h"))
{
    Console.WriteLine("Usage: dotnet run -c Release --project bench/Benchmarks [-- [--smoke] [--out DIR] | --feed | --http]");
    Console.WriteLine("  full run (default): about 11 minutes on a quiet 2-core machine (36 on a loaded one); writes bench/results/latest.md, latest.csv, load.png and a chart per second-round workload");
    Console.WriteLine("  --feed: only the change feed's figures (section 11 of the full run), printed");
    Console.WriteLine("  --http: only HTTP against in-process (section 10 of the full run), printed");
    Console.WriteLine("  --smoke: tiny sizes, seconds; writes to bench/results/tmp/smoke and fails if a figure is not well-formed");
    Console.WriteLine($"  DynamoDB Local is started by scripts/dynamodb-local.sh unless {DynamoDbLocalServer.UrlVariable} is set.");
    return 0;
}

if (args.Contains("--feed"))
{
    // The change feed's figures alone (section 11 of the full run; docs/feed.md): about two minutes.
    await using var feedServer = await DynamoDbLocalServer.StartAsync();
    FeedFigures.Print(await FeedFigures.MeasureAsync(feedServer, BenchmarkSettings.Full, CancellationToken.None), Console.Out);
    return 0;
}

if (args.Contains("--http"))
{
    // Only the HTTP against in-process cells (section 10 of the full run), printed: about two minutes, no DynamoDB.
    foreach (var row in await Benchmarks.Workloads.HttpWorkload.MeasureAsync(BenchmarkSettings.Full, Console.Error, CancellationToken.None))
    {
        Console.WriteLine(FormattableString.Invariant(
            $"{row.Variant,-24} {row.Design,-28} {row.OpsPerSecond,8:N0}/s p50 {row.P50Ms,7:0.00} ms tail {row.P95Ms,7:0.00} ms ratio {row.RatioToFloor,5:0.00} client CPU {row.ClientCpuShare,5:P0} server CPU {row.ServerCpuShare,5:P0} failed {row.Failed}"));
    }

    return 0;
}

var outIndex = Array.IndexOf(args, "--out");
var output = outIndex >= 0 && outIndex + 1 < args.Length
    ? Path.GetFullPath(args[outIndex + 1])
    : smoke ? Path.Combine(RepositoryPaths.Results, "tmp", "smoke") : RepositoryPaths.Results;
var settings = smoke ? BenchmarkSettings.Smoke : BenchmarkSettings.Full;

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

Console.Error.WriteLine($"{settings.Mode} run; starting DynamoDB Local");
await using var server = await DynamoDbLocalServer.StartAsync(cancel.Token);
Console.Error.WriteLine($"DynamoDB Local at {server.ServiceUrl}");
var report = await new BenchmarkRunner(settings, Console.Error).RunAsync(server, cancel.Token);
var files = ReportFiles.Write(report, output);

Console.WriteLine(File.ReadAllText(files.Markdown));
Console.Error.WriteLine($"wrote {files.Markdown}, {files.Csv}, {files.Chart} and {string.Join(", ", files.Charts)}");

var problems = ReportChecks.Problems(report, settings);
foreach (var problem in problems)
{
    Console.Error.WriteLine($"not well-formed: {problem}");
}

return problems.Count == 0 ? 0 : 1;
