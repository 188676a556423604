using EventSourcing;

namespace Adapters.DynamoDb.Tests;

internal static class TestEvents
{
    public static StreamId NewStream(string category = "adapter") => new(category, Guid.NewGuid().ToString("N"));

    public static EventData Event(Guid? commandId = null, string? payload = null) => new(
        Guid.NewGuid(),
        "thing-happened.v1",
        1,
        new DateTimeOffset(2026, 11, 22, 10, 0, 0, TimeSpan.Zero),
        payload ?? """{"text":"small"}""",
        new EventMetadata(commandId ?? Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid()));

    public static List<EventData> Commit(int count, Guid? commandId = null, Func<int, string>? payload = null)
    {
        var command = commandId ?? Guid.NewGuid();
        return Enumerable.Range(0, count).Select(i => Event(command, payload?.Invoke(i))).ToList();
    }

    public static async Task<List<EventEnvelope>> ReadAll(IEventStore store, StreamId stream, int pageSize = 1000)
    {
        var all = new List<EventEnvelope>();
        string? token = null;
        do
        {
            var page = await store.ReadAsync(stream, 0, pageSize, token);
            all.AddRange(page.Events);
            token = page.ContinuationToken;
        }
        while (token is not null);
        return all;
    }
}
