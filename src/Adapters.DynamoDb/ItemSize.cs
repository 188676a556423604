using System.Text;
using Amazon.DynamoDBv2.Model;

namespace Adapters.DynamoDb;

/// <summary>
/// An item's size as DynamoDB counts it against its limits: every attribute name's UTF-8 bytes plus its value's
/// size (strings in UTF-8 bytes; numbers about one byte per two significant digits plus one). Computed before a
/// write so that an oversized commit is refused with a typed error and nothing is sent.
/// </summary>
internal static class ItemSize
{
    /// <summary>400 KB: DynamoDB's item limit, names included.</summary>
    public const int MaxItemBytes = 400 * 1024;

    /// <summary>4 MB: DynamoDB's limit on the items of one transaction.</summary>
    public const int MaxTransactionBytes = 4 * 1024 * 1024;

    public static int Of(Dictionary<string, AttributeValue> item)
    {
        var size = 0;
        foreach (var (name, value) in item)
        {
            size += Encoding.UTF8.GetByteCount(name) + Of(value);
        }

        return size;
    }

    private static int Of(AttributeValue value)
    {
        if (value.S is not null)
        {
            return Encoding.UTF8.GetByteCount(value.S);
        }

        if (value.N is not null)
        {
            return OfNumber(value.N);
        }

        // Only strings and numbers are written by this adapter; anything else is a bug here.
        throw new NotSupportedException("Only S and N attributes are sized.");
    }

    private static int OfNumber(string number)
    {
        // One byte per two significant digits (no sign, no leading or trailing zeros) plus one; zero is one byte.
        // Checked against DynamoDB Local byte for byte at the 400 KB boundary.
        var digits = number.TrimStart('-', '+').Replace(".", string.Empty, StringComparison.Ordinal).Trim('0').Length;
        var size = ((digits + 1) / 2) + 1;
        return number.StartsWith('-') ? size + 1 : size;
    }
}
