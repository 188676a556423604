using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Amazon.Runtime.Credentials;

namespace Adapters.DynamoDb.Tests;

/// <summary>
/// The SDK fixes where the shared config and credentials files are once, from HOME, in a static initializer, and its
/// default chain then ignores AWS_SHARED_CREDENTIALS_FILE. So HOME (and the two file variables, for good measure) point
/// into a folder of this test run before any code of the assembly runs. That also keeps every test of the assembly
/// away from the developer's own ~/.aws. Nothing else here reads HOME; DynamoDB Local's JVM takes its home from the
/// user database.
/// </summary>
internal static class AwsTestFiles
{
    public static readonly string Home = Path.Combine(Path.GetTempPath(), $"hexagonal-aws-{Environment.ProcessId}");

    public static string ConfigFile => Path.Combine(Home, ".aws", "config");

    public static string CredentialsFile => Path.Combine(Home, ".aws", "credentials");

    [System.Runtime.CompilerServices.ModuleInitializer]
    internal static void PointTheSdkAtTheTestFolder()
    {
        Environment.SetEnvironmentVariable("HOME", Home);
        Environment.SetEnvironmentVariable("AWS_CONFIG_FILE", ConfigFile);
        Environment.SetEnvironmentVariable("AWS_SHARED_CREDENTIALS_FILE", CredentialsFile);
    }
}

/// <summary>Tests that change process-wide environment variables run alone, after every other test of the assembly.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessEnvironmentCollection
{
    public const string Name = "process environment";
}

/// <summary>
/// The README promises the standard AWS credential chain: environment keys, a shared profile, an assume-role or
/// web-identity profile, SSO, and the container or instance role. Each source is resolved here from a temporary
/// config and environment, with every AWS endpoint on a loopback stub, so nothing leaves the machine. The point is
/// that the SDK picks the source and gets as far as calling STS, SSO or the container endpoint: without
/// AWSSDK.SecurityToken / SSO / SSOOIDC it fails earlier, with a missing assembly or a refused profile type.
/// </summary>
[Collection(ProcessEnvironmentCollection.Name)]
public sealed class CredentialChainTests : IDisposable
{
    private const string AccessKey = "AKIDEXAMPLEFROMTEST";
    private const string SecretKey = "secret-from-test";

    private readonly AwsEnvironment _env = new();
    private readonly LoopbackStub _stub = new();

    [Fact]
    public void Given_access_keys_in_the_environment_When_resolving_Then_they_are_used()
    {
        _env.Set("AWS_ACCESS_KEY_ID", AccessKey);
        _env.Set("AWS_SECRET_ACCESS_KEY", SecretKey);

        var credentials = Resolve();

        Assert.IsType<EnvironmentVariablesAWSCredentials>(credentials);
        Assert.Equal(AccessKey, credentials.GetCredentials().AccessKey);
    }

    [Fact]
    public void Given_a_shared_credentials_profile_When_resolving_Then_its_keys_are_used()
    {
        _env.Set("AWS_PROFILE", "dm");
        _env.WriteCredentials($"""
            [dm]
            aws_access_key_id = {AccessKey}
            aws_secret_access_key = {SecretKey}
            """);

        var credentials = Resolve();

        Assert.Equal(AccessKey, credentials.GetCredentials().AccessKey);
        Assert.Equal(SecretKey, credentials.GetCredentials().SecretKey);
    }

    [Fact]
    public void Given_an_assume_role_profile_When_credentials_are_needed_Then_STS_AssumeRole_is_called_with_the_source_profile()
    {
        _env.Set("AWS_PROFILE", "dm-role");
        _env.Set("AWS_ENDPOINT_URL_STS", _stub.Url);
        _env.WriteCredentials($"""
            [base]
            aws_access_key_id = {AccessKey}
            aws_secret_access_key = {SecretKey}
            """);
        _env.WriteConfig("""
            [profile dm-role]
            role_arn = arn:aws:iam::123456789012:role/hexagonal-ledger
            source_profile = base
            region = us-east-1
            """);

        var credentials = Resolve();
        var failure = Record.Exception(() => credentials.GetCredentials());

        Assert.IsType<AssumeRoleAWSCredentials>(credentials);
        var request = Assert.Single(_stub.Requests, r => r.Body.Contains("Action=AssumeRole", StringComparison.Ordinal));
        Assert.Contains("hexagonal-ledger", request.Body, StringComparison.Ordinal);
        Assert.Contains($"Credential={AccessKey}/", request.Authorization, StringComparison.Ordinal);
        AssertNotAMissingPiece(failure);
    }

    [Fact]
    public void Given_a_web_identity_token_and_role_in_the_environment_When_credentials_are_needed_Then_STS_AssumeRoleWithWebIdentity_is_called()
    {
        var token = _env.WriteFile("token", "eyJ.web-identity.token");
        _env.Set("AWS_WEB_IDENTITY_TOKEN_FILE", token);
        _env.Set("AWS_ROLE_ARN", "arn:aws:iam::123456789012:role/hexagonal-ci");
        _env.Set("AWS_ROLE_SESSION_NAME", "ci");
        _env.Set("AWS_REGION", "us-east-1");
        _env.Set("AWS_ENDPOINT_URL_STS", _stub.Url);

        var credentials = Resolve();
        var failure = Record.Exception(() => credentials.GetCredentials());

        Assert.IsType<AssumeRoleWithWebIdentityCredentials>(credentials);
        var request = Assert.Single(_stub.Requests, r => r.Body.Contains("Action=AssumeRoleWithWebIdentity", StringComparison.Ordinal));
        Assert.Contains("web-identity.token", request.Body, StringComparison.Ordinal);
        AssertNotAMissingPiece(failure);
    }

    [Fact]
    [SuppressMessage("Security", "CA5350:Do not use weak cryptographic algorithms", Justification = "Not protection: the AWS SDK and CLI name the SSO token cache file by the SHA-1 of the session name, and the test must write the file the SDK looks for.")]
    public void Given_an_SSO_profile_with_a_cached_token_When_credentials_are_needed_Then_SSO_GetRoleCredentials_is_called()
    {
        _env.Set("AWS_PROFILE", "dm-sso");
        _env.Set("AWS_ENDPOINT_URL_SSO", _stub.Url);
        _env.WriteConfig("""
            [profile dm-sso]
            sso_session = party
            sso_account_id = 123456789012
            sso_role_name = LedgerWriter
            region = us-east-1

            [sso-session party]
            sso_start_url = https://example.awsapps.com/start
            sso_region = us-east-1
            sso_registration_scopes = sso:account:access
            """);

        // What `aws sso login --sso-session party` leaves behind: the token cached under the SHA-1 of the session name.
        var cacheName = Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes("party"))) + ".json";
        _env.WriteFile(Path.Combine(".aws", "sso", "cache", cacheName), $$"""
            {"accessToken":"sso-access-token","expiresAt":"{{DateTime.UtcNow.AddHours(1):yyyy-MM-ddTHH:mm:ssZ}}","region":"us-east-1","startUrl":"https://example.awsapps.com/start"}
            """);

        var credentials = Resolve();
        var failure = Record.Exception(() => credentials.GetCredentials());

        var sso = Assert.IsType<SSOAWSCredentials>(credentials);
        Assert.Equal(("123456789012", "LedgerWriter"), (sso.AccountId, sso.RoleName));
        var request = Assert.Single(_stub.Requests, r => r.Path.StartsWith("/federation/credentials", StringComparison.Ordinal));
        Assert.Contains("role_name=LedgerWriter", request.Path, StringComparison.Ordinal);
        Assert.Equal("sso-access-token", request.Headers["x-amz-sso_bearer_token"]);
        AssertNotAMissingPiece(failure);
    }

    [Fact]
    public void Given_a_container_credentials_endpoint_When_credentials_are_needed_Then_they_come_from_it()
    {
        _env.Set("AWS_CONTAINER_CREDENTIALS_FULL_URI", _stub.Url + "/v2/credentials/ledger");
        _stub.Respond = _ => (200, $$"""
            {"AccessKeyId":"ASIACONTAINER","SecretAccessKey":"container-secret","Token":"container-token","Expiration":"{{DateTime.UtcNow.AddHours(1):yyyy-MM-ddTHH:mm:ssZ}}"}
            """);

        var credentials = Resolve();

        Assert.IsType<GenericContainerCredentials>(credentials);
        var resolved = credentials.GetCredentials();
        Assert.Equal(("ASIACONTAINER", "container-token"), (resolved.AccessKey, resolved.Token));
        Assert.Single(_stub.Requests, r => r.Path == "/v2/credentials/ledger");
    }

    [Fact]
    public async Task Given_no_service_url_When_the_client_calls_DynamoDB_Then_the_standard_chain_signs_the_request()
    {
        _env.Set("AWS_ACCESS_KEY_ID", AccessKey);
        _env.Set("AWS_SECRET_ACCESS_KEY", SecretKey);
        _env.Set("AWS_ENDPOINT_URL_DYNAMODB", _stub.Url);
        using var client = DynamoDbClientFactory.Create(new DynamoDbOptions { Region = "eu-west-1", MaxErrorRetry = 0 });

        await Assert.ThrowsAnyAsync<AmazonServiceException>(() => client.DescribeTableAsync(new DescribeTableRequest("t")));

        var request = Assert.Single(_stub.Requests);
        Assert.True(request.Authorization.Contains($"Credential={AccessKey}/", StringComparison.Ordinal), request.Authorization);
        Assert.True(request.Authorization.Contains("/eu-west-1/dynamodb/", StringComparison.Ordinal), request.Authorization);
    }

    public void Dispose()
    {
        _stub.Dispose();
        _env.Dispose();
    }

    private static AWSCredentials Resolve()
    {
        using var resolver = new DefaultAWSCredentialsIdentityResolver();
        return resolver.ResolveIdentity(null);
    }

    /// <summary>The request was made and failed at the stub (which refuses it with a 403, so the SDK does not retry), not earlier inside the SDK.</summary>
    private static void AssertNotAMissingPiece(Exception? failure)
    {
        Assert.NotNull(failure);
        var text = failure.ToString();
        Assert.DoesNotContain("could not be found or loaded", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("not allowed here", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(nameof(FileNotFoundException), text, StringComparison.Ordinal);
    }

    /// <summary>
    /// Every AWS setting the chain reads, saved, cleared and restored on dispose; the config files and the SSO token
    /// cache live in the run's folder (see <see cref="AwsTestFiles"/>), emptied for each test, and the instance
    /// metadata service is off, so the machine's own setup never leaks in.
    /// </summary>
    private sealed class AwsEnvironment : IDisposable
    {
        // HOME, AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE stay as AwsTestFiles set them: the SDK would not see a change.
        private static readonly string[] Variables =
        [
            "AWS_PROFILE", "AWS_DEFAULT_PROFILE",
            "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_REGION", "AWS_DEFAULT_REGION",
            "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_ROLE_ARN", "AWS_ROLE_SESSION_NAME",
            "AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CONTAINER_AUTHORIZATION_TOKEN",
            "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", "AWS_EC2_METADATA_DISABLED",
            "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_STS", "AWS_ENDPOINT_URL_SSO", "AWS_ENDPOINT_URL_DYNAMODB", "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS",
        ];

        private readonly Dictionary<string, string?> _saved = Variables.ToDictionary(v => v, Environment.GetEnvironmentVariable);
        private readonly string _home = AwsTestFiles.Home;

        public AwsEnvironment()
        {
            if (Directory.Exists(_home))
            {
                Directory.Delete(_home, recursive: true);
            }

            Directory.CreateDirectory(_home);
            foreach (var variable in Variables)
            {
                Environment.SetEnvironmentVariable(variable, null);
            }

            Set("AWS_EC2_METADATA_DISABLED", "true");
            Assert.Equal(AwsTestFiles.Home, Environment.GetEnvironmentVariable("HOME"));
            Assert.Equal(AwsTestFiles.ConfigFile, Environment.GetEnvironmentVariable("AWS_CONFIG_FILE"));
            Assert.Equal(AwsTestFiles.CredentialsFile, Environment.GetEnvironmentVariable("AWS_SHARED_CREDENTIALS_FILE"));
        }

        public void Set(string variable, string value)
        {
            if (!_saved.ContainsKey(variable))
            {
                throw new InvalidOperationException($"{variable} is not in the list of variables this scope restores.");
            }

            Environment.SetEnvironmentVariable(variable, value);
        }

        public void WriteConfig(string text) => WriteFile(Path.Combine(".aws", "config"), text);

        public void WriteCredentials(string text) => WriteFile(Path.Combine(".aws", "credentials"), text);

        public string WriteFile(string relativePath, string text)
        {
            var path = Path.Combine(_home, relativePath);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, text);
            return path;
        }

        public void Dispose()
        {
            foreach (var (variable, value) in _saved)
            {
                Environment.SetEnvironmentVariable(variable, value);
            }

            Directory.Delete(_home, recursive: true);
        }
    }

    private sealed record StubRequest(string Method, string Path, string Authorization, IReadOnlyDictionary<string, string?> Headers, string Body);

    /// <summary>An HTTP listener on a free loopback port that records each request and refuses it (403) unless told otherwise.</summary>
    private sealed class LoopbackStub : IDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly List<StubRequest> _requests = [];
        private readonly Task _loop;

        public LoopbackStub()
        {
            var port = FreePort();
            Url = $"http://127.0.0.1:{port}";
            _listener.Prefixes.Add(Url + "/");
            _listener.Start();
            _loop = Task.Run(ServeAsync);
        }

        public string Url { get; }

        public Func<StubRequest, (int Status, string Body)> Respond { get; set; } =
            _ => (403, "<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>stub</Message></Error></ErrorResponse>");

        public IReadOnlyList<StubRequest> Requests
        {
            get
            {
                lock (_requests)
                {
                    return [.. _requests];
                }
            }
        }

        public void Dispose()
        {
            _listener.Close();
            _loop.Wait(TimeSpan.FromSeconds(5));
        }

        private static int FreePort()
        {
            using var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            return ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        private async Task ServeAsync()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
                {
                    return;
                }

                using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
                var headers = context.Request.Headers.AllKeys.Where(k => k is not null).ToDictionary(k => k!, k => context.Request.Headers[k], StringComparer.OrdinalIgnoreCase);
                var request = new StubRequest(
                    context.Request.HttpMethod,
                    context.Request.RawUrl ?? "",
                    context.Request.Headers["Authorization"] ?? "",
                    headers,
                    await reader.ReadToEndAsync());
                lock (_requests)
                {
                    _requests.Add(request);
                }

                var (status, body) = Respond(request);
                context.Response.StatusCode = status;
                var bytes = Encoding.UTF8.GetBytes(body);
                await context.Response.OutputStream.WriteAsync(bytes);
                context.Response.Close();
            }
        }
    }
}
