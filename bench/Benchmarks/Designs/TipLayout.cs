using Amazon.DynamoDBv2.Model;
using EventSourcing;
using static Benchmarks.Designs.Items;

namespace Benchmarks.Designs;

/// <summary>
/// A stream's tip item in the tip design: the newest snapshot (u) and the events since the last move-out (e, the
/// first of them at version b), and the stream's next version (n). Short attribute names, as Equinox uses, because
/// every append is billed on the whole item.
/// </summary>
internal sealed record TipImage(long Next, long Base, IReadOnlyList<AttributeValue> Events, AttributeValue? Snapshot)
{
    public static TipImage Empty { get; } = new(0, 0, [], null);

    public long SnapshotVersion => Snapshot?.M is { } u ? long.Parse(u["v"].N, System.Globalization.CultureInfo.InvariantCulture) : -1;

    public static TipImage FromItem(Dictionary<string, AttributeValue> item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return new TipImage(
            Long(item, TipLayout.NextName),
            Long(item, TipLayout.BaseName),
            item.TryGetValue(TipLayout.EventsName, out var e) && e.L is { } list ? list : [],
            item.TryGetValue(TipLayout.SnapshotName, out var u) && u.M is { Count: > 0 } ? u : null);
    }

    public Dictionary<string, AttributeValue> ToItem(string pk)
    {
        var item = new Dictionary<string, AttributeValue>
        {
            [TipLayout.Pk] = Str(pk),
            [TipLayout.Sk] = Num(TipLayout.TipSk),
            [TipLayout.NextName] = Num(Next),
            [TipLayout.BaseName] = Num(Base),
            [TipLayout.EventsName] = ListOf([.. Events]),
        };
        if (Snapshot is not null)
        {
            item[TipLayout.SnapshotName] = Snapshot;
        }

        return item;
    }
}

/// <summary>
/// The tip design's layout and its one rule, shared by the store and by seeding so that a seeded stream looks exactly
/// like one built by appends. In the spirit of Equinox's DynamoStore: one tip item per stream (sk = -1) that every
/// append rewrites; when an append would take the tip past 32 KB (Equinox's default), the tip's older events are moved
/// out to a batch item (sk = version of its first event) in the same transaction ("calving"). This version moves out
/// only the events the snapshot already covers when that is enough, so that a load usually still needs the tip alone.
/// </summary>
internal static class TipLayout
{
    public const string Pk = "pk";
    public const string Sk = "sk";
    public const long TipSk = -1;
    public const string NextName = "n";
    public const string BaseName = "b";
    public const string EventsName = "e";
    public const string SnapshotName = "u";

    /// <summary>Equinox DynamoStore's default tip size before events are moved out.</summary>
    public const int MaxTipBytes = 32 * 1024;

    public static AttributeValue EventValue(EventData e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return MapOf(new Dictionary<string, AttributeValue>
        {
            ["i"] = Str(e.EventId.ToString()),
            ["t"] = Str(e.Type),
            ["v"] = Num(e.SchemaVersion),
            ["ts"] = Str(FormatTime(e.Timestamp)),
            ["d"] = Str(e.Payload),
            ["c"] = Str(e.Metadata.CommandId.ToString()),
            ["r"] = Str(e.Metadata.CorrelationId.ToString()),
            ["k"] = Str(e.Metadata.CausationId.ToString()),
        });
    }

    public static EventEnvelope ToEnvelope(StreamId stream, long version, AttributeValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var m = value.M;
        return new EventEnvelope(
            Guid.Parse(Text(m, "i")),
            stream,
            version,
            Text(m, "t"),
            (int)Long(m, "v"),
            ParseTime(Text(m, "ts")),
            Text(m, "d"),
            new EventMetadata(Guid.Parse(Text(m, "c")), Guid.Parse(Text(m, "r")), Guid.Parse(Text(m, "k"))));
    }

    public static Guid CommandIdOf(AttributeValue value) => Guid.Parse(Text(value.M, "c"));

    public static AttributeValue SnapshotValue(Snapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return MapOf(new Dictionary<string, AttributeValue>
        {
            ["v"] = Num(snapshot.Version),
            ["sv"] = Num(snapshot.SchemaVersion),
            ["ts"] = Str(FormatTime(snapshot.Timestamp)),
            ["d"] = Str(snapshot.Payload),
        });
    }

    public static Snapshot ToSnapshot(AttributeValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var m = value.M;
        return new Snapshot(Long(m, "v"), (int)Long(m, "sv"), ParseTime(Text(m, "ts")), Text(m, "d"));
    }

    public static Dictionary<string, AttributeValue> BatchItem(string pk, long first, IEnumerable<AttributeValue> events)
    {
        var list = events.ToList();
        return new Dictionary<string, AttributeValue>
        {
            [Pk] = Str(pk),
            [Sk] = Num(first),
            [NextName] = Num(first + list.Count),
            [EventsName] = ListOf(list),
        };
    }

    /// <summary>
    /// The tip after appending <paramref name="added"/>, and the batch item to move out first when the tip would pass
    /// <see cref="MaxTipBytes"/> (null when it fits).
    /// </summary>
    public static (TipImage Tip, Dictionary<string, AttributeValue>? Batch) Append(TipImage tip, IReadOnlyList<AttributeValue> added, string pk)
    {
        ArgumentNullException.ThrowIfNull(tip);
        ArgumentNullException.ThrowIfNull(added);
        var move = EventsToMove(tip, added, pk);
        var next = new TipImage(tip.Next + added.Count, tip.Base + move, [.. tip.Events.Skip(move), .. added], tip.Snapshot);
        return (next, move == 0 ? null : BatchItem(pk, tip.Base, tip.Events.Take(move)));
    }

    private static int EventsToMove(TipImage tip, IReadOnlyList<AttributeValue> added, string pk)
    {
        if (tip.Events.Count == 0 || Fits(tip, 0, added, pk))
        {
            return 0;
        }

        var covered = (int)Math.Clamp(tip.SnapshotVersion - tip.Base + 1, 0, tip.Events.Count);
        return covered > 0 && Fits(tip, covered, added, pk) ? covered : tip.Events.Count;
    }

    private static bool Fits(TipImage tip, int move, IReadOnlyList<AttributeValue> added, string pk) =>
        SizeOf(new TipImage(tip.Next + added.Count, tip.Base + move, [.. tip.Events.Skip(move), .. added], tip.Snapshot).ToItem(pk)) <= MaxTipBytes;
}
