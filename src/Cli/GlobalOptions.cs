using System.CommandLine;

namespace Cli;

/// <summary>The options every command takes. New instances per run: a symbol belongs to the tree it was added to.</summary>
internal sealed class GlobalOptions
{
    public const string InMemory = "inmemory";
    public const string DynamoDb = "dynamodb";

    public GlobalOptions()
    {
        Store.AcceptOnlyFromAmong(InMemory, DynamoDb);
    }

    public Option<bool> Json { get; } = new("--json")
    {
        Description = "Write results to stdout and errors to stderr as JSON, for scripts.",
        Recursive = true,
    };

    public Option<string?> Store { get; } = new("--store")
    {
        Description = "The event store: dynamodb, or inmemory (forgets everything when the command ends). "
            + "Default: EventStore:Provider from appsettings.json or the EventStore__Provider environment variable.",
        Recursive = true,
        HelpName = $"{InMemory}|{DynamoDb}",
    };
}
