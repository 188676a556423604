using Amazon.DynamoDBv2.Model;
using EventSourcing;
using static Adapters.DynamoDb.TableSchema;

namespace Adapters.DynamoDb;

/// <summary>Maps events and snapshots to items with named, CLI-readable attributes, and back.</summary>
internal static class EventItems
{
    public static Dictionary<string, AttributeValue> ToItem(StreamId stream, long version, EventData e, long commitFirst, long commitLast, int feedShards)
    {
        var item = new Dictionary<string, AttributeValue>(version == 0 ? 17 : 15)
        {
            [Pk] = Text(stream.ToString()),
            [Sk] = Number(version),
            [EventId] = Text(e.EventId.ToString()),
            [TableSchema.Type] = Text(e.Type),
            [SchemaVersion] = Number(e.SchemaVersion),
            [Timestamp] = Text(FormatTime(e.Timestamp)),
            [Data] = Text(e.Payload),
            [CommandId] = Text(e.Metadata.CommandId.ToString()),
            [CorrelationId] = Text(e.Metadata.CorrelationId.ToString()),
            [CausationId] = Text(e.Metadata.CausationId.ToString()),
            [CommitFirst] = Number(commitFirst),
            [CommitLast] = Number(commitLast),
        };

        if (e.Metadata.Fingerprint is { } fingerprint)
        {
            item[Fingerprint] = Text(fingerprint);
        }

        if (feedShards > 0)
        {
            // The change feed's index keys, written by the same request as the event: no extra request, 1 WCU more.
            item[FeedPk] = Text(FeedPartition(FeedKeys.ShardOf(stream, feedShards)));
            item[FeedSk] = Text(FeedKeys.For(e.Timestamp, stream, version));
        }

        if (version == 0)
        {
            // Only first events carry the listing index's keys, so the index holds one item per stream.
            item[Gsi1Pk] = Text(stream.Category);
            item[Gsi1Sk] = Text(stream.ToString());
        }

        return item;
    }

    public static EventEnvelope ToEnvelope(Dictionary<string, AttributeValue> item) => new(
        Guid.Parse(ReadString(item, EventId)),
        StreamId.Parse(ReadString(item, Pk)),
        ReadLong(item, Sk),
        ReadString(item, TableSchema.Type),
        (int)ReadLong(item, SchemaVersion),
        ParseTime(ReadString(item, Timestamp)),
        ReadString(item, Data),
        new EventMetadata(
            Guid.Parse(ReadString(item, CommandId)),
            Guid.Parse(ReadString(item, CorrelationId)),
            Guid.Parse(ReadString(item, CausationId)),
            item.TryGetValue(Fingerprint, out var fingerprint) ? fingerprint.S : null));

    public static Dictionary<string, AttributeValue> ToSnapshotItem(StreamId stream, Snapshot snapshot) => new(6)
    {
        [Pk] = Text(stream.ToString()),
        [Sk] = Number(SnapshotSk),
        [TableSchema.Version] = Number(snapshot.Version),
        [SchemaVersion] = Number(snapshot.SchemaVersion),
        [Timestamp] = Text(FormatTime(snapshot.Timestamp)),
        [Data] = Text(snapshot.Payload),
    };

    public static Snapshot ToSnapshot(Dictionary<string, AttributeValue> item) => new(
        ReadLong(item, TableSchema.Version),
        (int)ReadLong(item, SchemaVersion),
        ParseTime(ReadString(item, Timestamp)),
        ReadString(item, Data));
}
