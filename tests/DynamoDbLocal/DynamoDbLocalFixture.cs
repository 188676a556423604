using Xunit;

namespace DynamoDbLocal;

/// <summary>
/// An xunit fixture over the process-wide <see cref="DynamoDbLocalServer"/>. Use it as a class fixture
/// (<c>IClassFixture&lt;DynamoDbLocalFixture&gt;</c>), or as a collection fixture by declaring, in the test assembly
/// (xunit looks for collection definitions there only):
/// <code>
/// [CollectionDefinition(DynamoDbLocalFixture.Collection)]
/// public sealed class DynamoDbLocalCollection : ICollectionFixture&lt;DynamoDbLocalFixture&gt;;
/// </code>
/// Either way there is one server per test process; give each test class its own table
/// (<see cref="DynamoDbLocalServer.NewTableName"/>).
/// </summary>
public sealed class DynamoDbLocalFixture : IAsyncLifetime
{
    public const string Collection = "DynamoDB Local";

    private DynamoDbLocalServer? _server;

    public DynamoDbLocalServer Server => _server ?? throw new InvalidOperationException("The fixture is not initialised yet.");

    public Uri ServiceUrl => Server.ServiceUrl;

    public async Task InitializeAsync() => _server = await DynamoDbLocalServer.GetSharedAsync().ConfigureAwait(false);

    // The shared server outlives any one fixture: it stops when the test process exits.
    public Task DisposeAsync() => Task.CompletedTask;
}
