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
/// into the same host's services. The command is a grant of 1 temporary hit point (always accepted, one event), all on
/// one character, from the same number of concurrent senders. The HTTP load comes from autocannon (npx, pinned) when
/// npx is there and the run is full; otherwise from a bounded HttpClient loop in this process. Rounds alternate
/// in-process and HTTP after a warm-up of each; the median round of each is kept.
/// </summary>
internal static class HttpWorkload
{
    public const string Autocannon = "autocannon@8.0.0";
    public const string InProcess = "in process: MediatR";
    private const string Key = "bench-key-0123456789abcdef";

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
        var id = Guid.NewGuid().ToString("N");
        using (var created = await http.PostAsync(
            "/characters", Json($$"""{"name":"Loaded","maximumHitPoints":1000}"""), cancellationToken).ConfigureAwait(false))
        {
            var body = await created.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            id = created.IsSuccessStatusCode ? JsonDocument.Parse(body).RootElement.GetProperty("characterId").GetString()! : throw new InvalidOperationException($"Creating the HTTP character: {(int)created.StatusCode} {body}");
        }

        var url = $"{address}/characters/{id}/temporary-hit-points";
        var useAutocannon = settings.Mode == BenchmarkSettings.Full.Mode && await AutocannonWorksAsync(cancellationToken).ConfigureAwait(false);
        var generator = useAutocannon ? Autocannon : "HttpClient loop (in this process)";
        log.WriteLine($"  http: {generator}, {settings.HttpConnections} connections, rounds of {settings.HttpRound.TotalSeconds:0} s against {url}");

        Round Http(TimeSpan duration) => useAutocannon
            ? RunAutocannon(url, settings.HttpConnections, duration)
            : HttpLoopAsync(http, url, settings.HttpConnections, duration, cancellationToken).GetAwaiter().GetResult();
        Round Mediatr(TimeSpan duration) => InProcessAsync(factory.Services, id, settings.HttpConnections, duration, cancellationToken).GetAwaiter().GetResult();

        // Warm-up: both paths, so that neither pays for JIT in its first measured round.
        Mediatr(settings.HttpWarmup);
        Http(settings.HttpWarmup);
        var inProcess = new List<Round>();
        var overHttp = new List<Round>();
        for (var round = 0; round < settings.HttpRounds; round++)
        {
            inProcess.Add(Mediatr(settings.HttpRound));
            overHttp.Add(Http(settings.HttpRound));
        }

        var mid = inProcess.OrderBy(r => r.PerSecond).ElementAt(inProcess.Count / 2);
        var viaHttp = overHttp.OrderBy(r => r.PerSecond).ElementAt(overHttp.Count / 2);
        var ratio = viaHttp.PerSecond / mid.PerSecond;
        return
        [
            Row(InProcess, mid, ratio: 1, settings.HttpConnections),
            Row($"HTTP: {generator}", viaHttp, ratio, settings.HttpConnections),
        ];
    }

    private static ResultRow Row(string path, Round round, double ratio, int connections) => new()
    {
        Workload = WorkloadNames.Http,
        Design = path,
        Variant = round.Note,
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

    private static async Task<Round> InProcessAsync(IServiceProvider services, string id, int senders, TimeSpan duration, CancellationToken cancellationToken)
    {
        var cpu = CpuClock.Start();
        var deadline = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var samples = new List<double>[senders];
        long failed = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, senders).Select(s => Task.Run(
            async () =>
            {
                samples[s] = [];
                while (Stopwatch.GetTimestamp() < deadline)
                {
                    var started = Stopwatch.GetTimestamp();
                    await using var scope = services.CreateAsyncScope();
                    var result = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new GrantTemporaryHitPoints(id, 1), cancellationToken).ConfigureAwait(false);
                    samples[s].Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    if (!result.IsSuccess)
                    {
                        Interlocked.Increment(ref failed);
                    }
                }
            },
            cancellationToken))).ConfigureAwait(false);
        clock.Stop();
        var all = samples.SelectMany(x => x).ToList();
        var (process, _) = cpu.Stop(clock.Elapsed);
        return new Round(all.Count - failed, failed, clock.Elapsed, Samples.Percentile(all, 50), Samples.Percentile(all, 95), null, process, "p95");
    }

    private static async Task<Round> HttpLoopAsync(HttpClient http, string url, int connections, TimeSpan duration, CancellationToken cancellationToken)
    {
        var cpu = CpuClock.Start();
        var deadline = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var samples = new List<double>[connections];
        long failed = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, connections).Select(c => Task.Run(
            async () =>
            {
                samples[c] = [];
                while (Stopwatch.GetTimestamp() < deadline)
                {
                    var started = Stopwatch.GetTimestamp();
                    using var response = await http.PostAsync(url, Json("""{"amount":1}"""), cancellationToken).ConfigureAwait(false);
                    await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
                    samples[c].Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    if (!response.IsSuccessStatusCode)
                    {
                        Interlocked.Increment(ref failed);
                    }
                }
            },
            cancellationToken))).ConfigureAwait(false);
        clock.Stop();
        var all = samples.SelectMany(x => x).ToList();
        var (process, _) = cpu.Stop(clock.Elapsed);
        // Client and server share this process: its CPU share is both together.
        return new Round(all.Count - failed, failed, clock.Elapsed, Samples.Percentile(all, 50), Samples.Percentile(all, 95), null, process, "p95; client in the server's process");
    }

    /// <summary>autocannon in its own process; its CPU time (user + system, children included) is read with bash's times.</summary>
    private static Round RunAutocannon(string url, int connections, TimeSpan duration)
    {
        var output = Path.Combine(Path.GetTempPath(), $"autocannon-{Guid.NewGuid():N}.json");
        var seconds = Math.Max(1, (int)Math.Round(duration.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        var command = $"npx --yes {Autocannon} -c {connections} -d {seconds} -m POST -H 'X-Api-Key={Key}' -H 'Content-Type=application/json' -b '{{\"amount\":1}}' --json '{url}' > '{output}' 2>/dev/null; times";
        var cpu = CpuClock.Start();
        var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(command);
        using var bash = Process.Start(info) ?? throw new InvalidOperationException("bash did not start.");
        var times = bash.StandardOutput.ReadToEnd();
        bash.WaitForExit();
        var wall = TimeSpan.FromSeconds(double.Parse(seconds, CultureInfo.InvariantCulture));
        var (server, _) = cpu.Stop(wall);
        try
        {
            using var json = JsonDocument.Parse(File.ReadAllText(output));
            var root = json.RootElement;
            var ok = root.GetProperty("2xx").GetInt64();
            var bad = root.GetProperty("non2xx").GetInt64() + root.GetProperty("errors").GetInt64() + root.GetProperty("timeouts").GetInt64();
            var latency = root.GetProperty("latency");
            var elapsed = TimeSpan.FromSeconds(root.GetProperty("duration").GetDouble());
            // bash's times: the shell's line, then its children's (npx, node): "0m1.234s 0m0.567s".
            var children = times.Split('\n', StringSplitOptions.RemoveEmptyEntries).Last().Split(' ', StringSplitOptions.RemoveEmptyEntries).Sum(ParseTimes);
            var clientShare = children / (elapsed.TotalSeconds * Environment.ProcessorCount);
            return new Round(ok, bad, elapsed, latency.GetProperty("p50").GetDouble(), latency.GetProperty("p97_5").GetDouble(), clientShare, server,
                $"p97.5 (autocannon has no p95); p90 {latency.GetProperty("p90").GetDouble().ToString("0.#", CultureInfo.InvariantCulture)} ms");
        }
        finally
        {
            File.Delete(output);
        }
    }

    private static async Task<bool> AutocannonWorksAsync(CancellationToken cancellationToken)
    {
        try
        {
            var info = new ProcessStartInfo("npx") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in new[] { "--yes", Autocannon, "--version" })
            {
                info.ArgumentList.Add(argument);
            }

            using var npx = Process.Start(info);
            if (npx is null)
            {
                return false;
            }

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromMinutes(2));
            await npx.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            return npx.ExitCode == 0;
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or OperationCanceledException)
        {
            return false;
        }
    }

    private static double ParseTimes(string value)
    {
        // "1m2.345s"
        var m = value.IndexOf('m', StringComparison.Ordinal);
        return m < 0 ? 0 : (int.Parse(value[..m], CultureInfo.InvariantCulture) * 60) + double.Parse(value[(m + 1)..].TrimEnd('s'), CultureInfo.InvariantCulture);
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
