using Amazon;
using Amazon.DynamoDBv2;
using Amazon.Runtime;

namespace Adapters.DynamoDb;

/// <summary>Builds the SDK client: bounded standard retries and timeouts; dummy credentials only for a loopback endpoint.</summary>
internal static class DynamoDbClientFactory
{
    public static IAmazonDynamoDB Create(DynamoDbOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var config = new AmazonDynamoDBConfig
        {
            RetryMode = RequestRetryMode.Standard,
            MaxErrorRetry = options.MaxErrorRetry,
            Timeout = options.RequestTimeout,
            ConnectTimeout = options.RequestTimeout,
        };

        if (string.IsNullOrWhiteSpace(options.ServiceUrl))
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(options.Region);
            // The standard chain: environment, profile, SSO, container or instance role. Never anything in the repo.
            return new AmazonDynamoDBClient(config);
        }

        config.ServiceURL = options.ServiceUrl;
        config.AuthenticationRegion = options.Region;
        return IsLoopback(options.ServiceUrl)
            ? new AmazonDynamoDBClient(new BasicAWSCredentials(DynamoDbOptions.LocalAccessKey, DynamoDbOptions.LocalSecretKey), config)
            : new AmazonDynamoDBClient(config);
    }

    public static bool IsLoopback(string serviceUrl) =>
        Uri.TryCreate(serviceUrl, UriKind.Absolute, out var uri) && uri.IsLoopback;
}
