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

            // Signed for the configured region even when AWS_ENDPOINT_URL(_DYNAMODB) points elsewhere (a proxy or VPC
            // endpoint), where the SDK would otherwise guess the region from the host name.
            config.AuthenticationRegion = options.Region;

            // The standard chain: environment, profile (keys, assume-role, web identity, SSO), container or instance
            // role. Never anything in the repo. Assume-role and web identity need AWSSDK.SecurityToken at run time,
            // SSO needs AWSSDK.SSO and AWSSDK.SSOOIDC: the project references them for that reason.
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
