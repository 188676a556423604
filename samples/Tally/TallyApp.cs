using Adapters.DynamoDb;
using EventSourcing;
using Microsoft.Extensions.DependencyInjection;

namespace Tally;

/// <summary>The composition a library user writes: the core, one aggregate, and the DynamoDB store with options in code.</summary>
public static class TallyApp
{
    public static ServiceProvider Compose(Uri serviceUrl, string tableName) =>
        new ServiceCollection()
            .AddLogging()
            .AddEventSourcing(o => o.SnapshotInterval = 10)
            .AddAggregate(TallyState.Definition)
            .AddDynamoDbEventStore(o =>
            {
                o.ServiceUrl = serviceUrl.ToString();
                o.TableName = tableName;
                o.Region = "us-east-1";
            })
            .BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });

    /// <summary>Opens a tally, counts to 25 one by one, retries one count with its id, and prints what it sees.</summary>
    public static async Task<TallyState> RunAsync(Uri serviceUrl, string tableName, TextWriter output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        await using var services = Compose(serviceUrl, tableName);
        await services.GetRequiredService<DynamoDbEventTable>().EnsureTableAsync(cancellationToken).ConfigureAwait(false);

        await using var scope = services.CreateAsyncScope();
        var tallies = scope.ServiceProvider.GetRequiredService<CommandService<TallyState, TallyEvent>>();
        var id = Guid.NewGuid().ToString("N");
        Check(await tallies.HandleAsync(new OpenTally(id, "goblins slain"), nameof(OpenTally), s => TallyState.Open(s, "goblins slain"), cancellationToken).ConfigureAwait(false));
        var retried = new CountTally(id, 1, CommandId: Guid.NewGuid());
        for (var i = 0; i < 25; i++)
        {
            var command = i == 7 ? retried : new CountTally(id, 1);
            Check(await tallies.HandleAsync(command, nameof(CountTally), s => TallyState.CountUp(s, command.By), cancellationToken).ConfigureAwait(false));
        }

        // The same request again (a retry after a lost response): answered, not applied again.
        var repeat = await tallies.HandleAsync(retried, nameof(CountTally), s => TallyState.CountUp(s, retried.By), cancellationToken).ConfigureAwait(false);
        var stream = await scope.ServiceProvider.GetRequiredService<AggregateStreams<TallyState, TallyEvent>>().LoadAsync(id, cancellationToken).ConfigureAwait(false);
        await output.WriteLineAsync(
            $"tally {id} \"{stream.State.Name}\": count {stream.State.Count}, version {stream.Version}, snapshot at {stream.SnapshotVersion}, retry answered with version {Check(repeat).Version}")
            .ConfigureAwait(false);
        return stream.State;
    }

    private static CommandResult Check(Result<CommandResult> result) =>
        result.IsSuccess ? result.Value : throw new InvalidOperationException(result.Error!.Message);
}
