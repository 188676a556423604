using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Security.Cryptography;
using Application.Characters;
using Benchmarks.Measurement;
using Benchmarks.Reporting;
using MediatR;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Benchmarks.Workloads;

/// <summary>
/// Issue 14 §2: commands per second through the real API (Program, Kestrel on 127.0.0.1, the in-memory store, the key
/// check on, rate limiting on with a limit no run reaches) against the same commands sent in process through MediatR
/// into the same host's services. The command is a grant of 1 temporary hit point (always accepted, one event), from the
/// same number of concurrent senders on both paths, in two scenarios: each sender on its own character (nothing
/// conflicts: the fair comparison of the two paths), and every sender on one shared character (version conflicts,
/// retries and back-off on both paths). The HTTP load comes from autocannon (its programmatic API, pinned, installed
/// with npm into .cache/autocannon; one path per connection) when node and npm are there; otherwise from a bounded
/// HttpClient loop in this process. Rounds alternate in-process and HTTP after a warm-up of each; the median round of
/// each is kept.
/// </summary>
internal static class HttpWorkload
{
    public const string Autocannon = "autocannon@8.0.0";
    public const string InProcess = "in process: MediatR";
    public const string OwnCharacter = "a character per sender";
    public const string SharedCharacter = "one character, shared";
    private const string Key = "bench-key-0123456789abcdef";
    private const string Body = """{"amount":1}""";

    public static IReadOnlyList<string> Scenarios { get; } = [OwnCharacter, SharedCharacter];

    public static async Task<List<ResultRow>> MeasureAsync(BenchmarkSettings settings, TextWriter log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(log);
        // WebApplicationFactory looks for the API's content root next to a test project; this is not one, so say where.
        foreach (var name in new[] { "ASPNETCORE_TEST_CONTENTROOT_API", "ASPNETCORE_TEST_CONTENTROOT_Api" })
        {
            Environment.SetEnvironmentVariable(name, Path.Combine(RepositoryPaths.Root, "src", "Api"));
        }

        await using var factory = new BenchApiFactory();
        factory.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        factory.StartServer();
        var address = factory.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = settings.HttpConnections }) { BaseAddress = new Uri(address) };
        http.DefaultRequestHeaders.Add("X-Api-Key", Key);

        var autocannon = await AutocannonAsync(log, cancellationToken).ConfigureAwait(false);
        var generator = autocannon is null ? "HttpClient loop (in this process)" : Autocannon;
        var rows = new List<ResultRow>();
        foreach (var scenario in Scenarios)
        {
            // One character per sender, or the same one for all; the same characters on both paths.
            var own = new List<string>();
            for (var s = 0; s < (scenario == OwnCharacter ? settings.HttpConnections : 1); s++)
            {
                own.Add(await CreateAsync(http, cancellationToken).ConfigureAwait(false));
            }

            var ids = Enumerable.Range(0, settings.HttpConnections).Select(s => own[s % own.Count]).ToList();
            var paths = ids.Select(id => $"/characters/{id}/temporary-hit-points").ToList();
            log.WriteLine($"  http ({scenario}): {generator}, {settings.HttpConnections} connections on {own.Count} character(s), rounds of {settings.HttpRound.TotalSeconds:0.#} s at {address}");

            // Awaited, never blocked on: a thread held waiting would be one of the two cores' pool threads taken from Kestrel.
            Task<Round> Http(TimeSpan duration) => autocannon is { } script
                ? RunAutocannonAsync(script, address, paths, duration, cancellationToken)
                : HttpLoopAsync(http, paths, duration, cancellationToken);
            Task<Round> Mediatr(TimeSpan duration) => InProcessAsync(factory.Services, ids, duration, cancellationToken);

            // Warm-up: both paths, so that neither pays for JIT in its first measured round.
            await Mediatr(settings.HttpWarmup).ConfigureAwait(false);
            await Http(settings.HttpWarmup).ConfigureAwait(false);
            var inProcess = new List<Round>();
            var overHttp = new List<Round>();
            for (var round = 0; round < settings.HttpRounds; round++)
            {
                inProcess.Add(await Mediatr(settings.HttpRound).ConfigureAwait(false));
                overHttp.Add(await Http(settings.HttpRound).ConfigureAwait(false));
            }

            var mid = inProcess.OrderBy(r => r.PerSecond).ElementAt(inProcess.Count / 2);
            var viaHttp = overHttp.OrderBy(r => r.PerSecond).ElementAt(overHttp.Count / 2);
            rows.Add(Row(InProcess, scenario, mid, ratio: 1, settings.HttpConnections));
            rows.Add(Row($"HTTP: {generator}", scenario, viaHttp, viaHttp.PerSecond / mid.PerSecond, settings.HttpConnections));
        }

        return rows;
    }

    private static async Task<string> CreateAsync(HttpClient http, CancellationToken cancellationToken)
    {
        using var created = await http.PostAsync("/characters", Json("""{"name":"Loaded","maximumHitPoints":1000}"""), cancellationToken).ConfigureAwait(false);
        var body = await created.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        return created.IsSuccessStatusCode
            ? JsonDocument.Parse(body).RootElement.GetProperty("characterId").GetString()!
            : throw new InvalidOperationException($"Creating an HTTP character: {(int)created.StatusCode} {body}");
    }

    private static ResultRow Row(string path, string scenario, Round round, double ratio, int connections) => new()
    {
        Workload = WorkloadNames.Http,
        Design = path,
        Variant = scenario,
        Note = round.Note,
        Threads = connections,
        Samples = (int)Math.Min(int.MaxValue, round.Commands),
        P50Ms = round.P50,
        P95Ms = round.P95,
        OpsPerSecond = round.PerSecond,
        RatioToFloor = ratio,
        Failed = (int)round.Failed,
        ClientCpuShare = round.ClientCpuShare,
        ServerCpuShare = round.ServerCpuShare,
        UsesDynamoDb = false,
    };

    private static Task<Round> InProcessAsync(IServiceProvider services, List<string> ids, TimeSpan duration, CancellationToken cancellationToken) =>
        SendersAsync(ids.Count, duration, "p95", async s =>
        {
            await using var scope = services.CreateAsyncScope();
            var result = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new GrantTemporaryHitPoints(ids[s], 1), cancellationToken).ConfigureAwait(false);
            return result.IsSuccess;
        });

    // Client and server share this process: its CPU share is both together.
    private static Task<Round> HttpLoopAsync(HttpClient http, List<string> paths, TimeSpan duration, CancellationToken cancellationToken) =>
        SendersAsync(paths.Count, duration, "p95; client in the server's process", async c =>
        {
            using var response = await http.PostAsync(paths[c], Json(Body), cancellationToken).ConfigureAwait(false);
            await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            return response.IsSuccessStatusCode;
        });

    /// <summary>Concurrent senders in this process, each sending one command after another until the time is up.</summary>
    private static async Task<Round> SendersAsync(int senders, TimeSpan duration, string note, Func<int, Task<bool>> send)
    {
        var cpu = CpuClock.Start();
        var deadline = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var samples = new List<double>[senders];
        long failed = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, senders).Select(s => Task.Run(async () =>
        {
            samples[s] = [];
            while (Stopwatch.GetTimestamp() < deadline)
            {
                var started = Stopwatch.GetTimestamp();
                var ok = await send(s).ConfigureAwait(false);
                samples[s].Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                if (!ok)
                {
                    Interlocked.Increment(ref failed);
                }
            }
        }))).ConfigureAwait(false);
        clock.Stop();
        var all = samples.SelectMany(x => x).ToList();
        var (process, _) = cpu.Stop(clock.Elapsed);
        return new Round(all.Count - failed, failed, clock.Elapsed, Samples.Percentile(all, 50), Samples.Percentile(all, 95), null, process, note);
    }

    /// <summary>
    /// autocannon in its own node process, one path per connection. The script says "ready" once node has started and
    /// loaded autocannon; both CPU shares are taken from then to its result, over the same wall time.
    /// </summary>
    private static async Task<Round> RunAutocannonAsync(string script, string address, List<string> paths, TimeSpan duration, CancellationToken cancellationToken)
    {
        var config = Path.Combine(Path.GetTempPath(), $"autocannon-{Guid.NewGuid():N}.json");
        var seconds = Math.Max(1, (int)Math.Round(duration.TotalSeconds));
        await File.WriteAllTextAsync(config, JsonSerializer.Serialize(new
        {
            url = address,
            paths,
            seconds,
            headers = new Dictionary<string, string> { ["x-api-key"] = Key, ["content-type"] = "application/json" },
            body = Body,
        }), cancellationToken).ConfigureAwait(false);
        try
        {
            var info = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true };
            info.ArgumentList.Add(script);
            info.ArgumentList.Add(config);
            info.Environment["NODE_PATH"] = AutocannonModules;
            using var node = Process.Start(info) ?? throw new InvalidOperationException("node did not start.");
            var errors = node.StandardError.ReadToEndAsync(cancellationToken);
            var ready = await node.StandardOutput.ReadLineAsync(cancellationToken).ConfigureAwait(false);
            var cpu = CpuClock.Start();
            var wall = Stopwatch.StartNew();
            var output = await node.StandardOutput.ReadLineAsync(cancellationToken).ConfigureAwait(false);
            var (server, _) = cpu.Stop(wall.Elapsed);
            await node.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            if (node.ExitCode != 0 || ready != "ready" || output is null)
            {
                throw new InvalidOperationException($"autocannon exited with {node.ExitCode} (first line '{ready}'): {await errors.ConfigureAwait(false)}");
            }

            using var json = JsonDocument.Parse(output);
            var root = json.RootElement;
            var ok = root.GetProperty("ok").GetInt64();
            // autocannon's errors include its timeouts.
            var bad = root.GetProperty("non2xx").GetInt64() + root.GetProperty("errors").GetInt64();
            var latency = root.GetProperty("latency");
            var elapsed = TimeSpan.FromSeconds(root.GetProperty("duration").GetDouble());
            var clientShare = root.GetProperty("cpuSeconds").GetDouble() / (wall.Elapsed.TotalSeconds * Environment.ProcessorCount);
            return new Round(ok, bad, elapsed, latency.GetProperty("p50").GetDouble(), latency.GetProperty("p97_5").GetDouble(), clientShare, server,
                $"p97.5 (autocannon has no p95); p90 {latency.GetProperty("p90").GetDouble().ToString("0.#", CultureInfo.InvariantCulture)} ms");
        }
        finally
        {
            File.Delete(config);
        }
    }

    private static string AutocannonPrefix => Path.Combine(RepositoryPaths.Root, ".cache", "autocannon");

    private static string AutocannonModules => Path.Combine(AutocannonPrefix, "node_modules");

    /// <summary>
    /// The script that drives autocannon, once autocannon is installed under .cache/autocannon (npm install, pinned);
    /// null when node or npm is missing or the install fails, and the run falls back to the HttpClient loop.
    /// </summary>
    private static async Task<string?> AutocannonAsync(TextWriter log, CancellationToken cancellationToken)
    {
        var script = Path.Combine(RepositoryPaths.Root, "bench", "Benchmarks", "autocannon", "senders.js");
        var version = Autocannon.Split('@')[1];
        var installed = Path.Combine(AutocannonModules, "autocannon", "package.json");
        if (!await RunAsync("node", ["--version"], cancellationToken).ConfigureAwait(false))
        {
            log.WriteLine("  http: node is not there; using the HttpClient loop");
            return null;
        }

        if (File.Exists(installed) && File.ReadAllText(installed).Contains($"\"version\": \"{version}\"", StringComparison.Ordinal))
        {
            return script;
        }

        var ok = await RunAsync("npm", ["install", "--no-audit", "--no-fund", "--no-save", "--prefix", AutocannonPrefix, Autocannon], cancellationToken).ConfigureAwait(false);
        if (!ok)
        {
            log.WriteLine($"  http: could not install {Autocannon} with npm; using the HttpClient loop");
        }

        return ok ? script : null;
    }

    private static async Task<bool> RunAsync(string program, string[] arguments, CancellationToken cancellationToken)
    {
        try
        {
            var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in arguments)
            {
                info.ArgumentList.Add(argument);
            }

            using var process = Process.Start(info);
            if (process is null)
            {
                return false;
            }

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromMinutes(3));
            var drain = Task.WhenAll(process.StandardOutput.ReadToEndAsync(timeout.Token), process.StandardError.ReadToEndAsync(timeout.Token));
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            await drain.ConfigureAwait(false);
            return process.ExitCode == 0;
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or OperationCanceledException)
        {
            return false;
        }
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private sealed record Round(long Commands, long Failed, TimeSpan Elapsed, double P50, double P95, double? ClientCpuShare, double ServerCpuShare, string Note)
    {
        public double PerSecond => Commands / Elapsed.TotalSeconds;
    }

    /// <summary>This process's share of the machine's CPU over a stretch of wall time.</summary>
    private readonly record struct CpuClock(TimeSpan StartedAt)
    {
        public static CpuClock Start() => new(Process.GetCurrentProcess().TotalProcessorTime);

        public (double Share, TimeSpan Used) Stop(TimeSpan wall)
        {
            var used = Process.GetCurrentProcess().TotalProcessorTime - StartedAt;
            return (used.TotalSeconds / (wall.TotalSeconds * Environment.ProcessorCount), used);
        }
    }

    /// <summary>
    /// The API's own Program (found through a public type of its assembly: this project has a Program of its own), with
    /// one key, rate limiting on but out of reach, and quiet logs.
    /// </summary>
    private sealed class BenchApiFactory : WebApplicationFactory<Api.ApiOptions>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseSetting("EventStore:Provider", "InMemory");
            builder.UseSetting("Api:KeyHashes:0", Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Key))));
            builder.UseSetting("Api:RateLimit:PermitLimit", "100000000");
            builder.UseSetting("Api:RateLimit:WindowSeconds", "60");
            builder.UseSetting("Logging:LogLevel:Default", "Warning");
            builder.UseSetting("Telemetry:ConsoleExporter", "false");
        }
    }
}
