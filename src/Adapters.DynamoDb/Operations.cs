namespace Adapters.DynamoDb;

/// <summary>The operation tags of the capacity meter.</summary>
public static class Operations
{
    public const string Load = "load";
    public const string Append = "append";
    public const string Snapshot = "snapshot";
    public const string History = "history";
    public const string List = "list";
    public const string Schedule = "schedule";
    public const string Provision = "provision";
    public const string Feed = "feed";
    public const string Subscription = "subscription";
    public const string Projection = "projection";
}
