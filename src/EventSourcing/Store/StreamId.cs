namespace EventSourcing;

/// <summary>
/// A stream's identity: a category ("character") and an id within it, written "category-id".
/// Ids may not contain whitespace or control characters and are at most 200 characters long.
/// </summary>
public readonly record struct StreamId
{
    public const int MaxLength = 200;

    public StreamId(string category, string id)
    {
        if (string.IsNullOrEmpty(category) || category.Contains('-', StringComparison.Ordinal) || !IsSafe(category))
        {
            throw new ArgumentException("A category is a non-empty token without '-' or whitespace.", nameof(category));
        }

        if (string.IsNullOrEmpty(id) || !IsSafe(id) || category.Length + 1 + id.Length > MaxLength)
        {
            throw new ArgumentException($"A stream id is a non-empty token of at most {MaxLength} characters in all.", nameof(id));
        }

        Category = category;
        Id = id;
    }

    public string Category { get; }

    public string Id { get; }

    public static StreamId Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var dash = value.IndexOf('-', StringComparison.Ordinal);
        if (dash <= 0 || dash == value.Length - 1)
        {
            throw new FormatException($"'{value}' is not a stream id of the form category-id.");
        }

        return new StreamId(value[..dash], value[(dash + 1)..]);
    }

    public override string ToString() => $"{Category}-{Id}";

    private static bool IsSafe(string value) => value.All(c => !char.IsWhiteSpace(c) && !char.IsControl(c));
}
