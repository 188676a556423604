using Microsoft.Extensions.Configuration;

namespace Hosting;

public enum EventStoreProvider
{
    InMemory,
    DynamoDb,
}

/// <summary>The "EventStore" configuration section: which adapter the host composes.</summary>
public sealed class EventStoreOptions
{
    public const string SectionName = "EventStore";

    public EventStoreProvider Provider { get; init; }

    /// <summary>Reads and checks the section; a missing or unknown provider fails here, at startup, with the choices.</summary>
    public static EventStoreOptions From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var value = configuration[$"{SectionName}:{nameof(Provider)}"];
        return new EventStoreOptions { Provider = ParseProvider(value) };
    }

    public static EventStoreProvider ParseProvider(string? value)
    {
        // Enum.TryParse would also accept numbers such as "1"; only the names are meant.
        foreach (var provider in Enum.GetValues<EventStoreProvider>())
        {
            if (string.Equals(value?.Trim(), provider.ToString(), StringComparison.OrdinalIgnoreCase))
            {
                return provider;
            }
        }

        var choices = string.Join(" | ", Enum.GetNames<EventStoreProvider>());
        throw new InvalidOperationException(string.IsNullOrWhiteSpace(value)
            ? $"{SectionName}:{nameof(Provider)} is not set. Set it to {choices} (for example the environment variable EventStore__Provider=InMemory)."
            : $"{SectionName}:{nameof(Provider)} is '{value}', which is not an event store. Use {choices}.");
    }
}
