using System.Globalization;
using System.Text.Json;
using System.Threading.Channels;
using Application.Projections;
using Domain;
using EventSourcing;
using Microsoft.Extensions.Options;

namespace Api.Board;

/// <summary>One server-sent event: its id ("epoch-sequence"), its name, the character it is about, and its JSON data.</summary>
internal sealed record BoardMessage(long Sequence, string Id, string Event, string CharacterId, string Data);

/// <summary>
/// Turns the board rows the feed processor writes in this process into server-sent events: a "board" event per row
/// change and a "log" event per event applied. It keeps the latest <see cref="Capacity"/> messages so that a client
/// that reconnects with Last-Event-ID gets what it missed; ids carry this process's epoch, so an id from another
/// process (or one too old) is answered with a reset and the whole board instead: the client's state is never left
/// with a gap.
/// </summary>
internal sealed class BoardBroadcaster(EventTypeRegistry registry, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json) : IProjectionObserver
{
    public const int Capacity = 5000;
    private const int SubscriberBuffer = 2000;

    private readonly JsonSerializerOptions _json = json.Value.SerializerOptions;
    private readonly Lock _lock = new();
    private readonly LinkedList<BoardMessage> _recent = new();
    private readonly List<Channel<BoardMessage>> _subscribers = [];
    private long _sequence;

    public string Epoch { get; } = Guid.NewGuid().ToString("N")[..8];

    public void OnApplied(ProjectionChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (change.Projection != PartyBoard.Name)
        {
            return;
        }

        var entry = PartyBoard.ToEntry(change.Row);
        var messages = new List<(string Event, string Data)>();
        foreach (var e in change.Events)
        {
            var description = registry.Decode(e) is CharacterEvent ce ? CharacterLog.Describe(ce) : e.Type;
            messages.Add(("log", JsonSerializer.Serialize(new LogMessage(e.StreamId.Id, e.Version, e.Type, e.Timestamp, description), _json)));
        }

        messages.Add(("board", JsonSerializer.Serialize(entry, _json)));
        lock (_lock)
        {
            foreach (var (name, data) in messages)
            {
                var sequence = ++_sequence;
                var message = new BoardMessage(sequence, IdOf(sequence), name, entry.CharacterId, data);
                _recent.AddLast(message);
                if (_recent.Count > Capacity)
                {
                    _recent.RemoveFirst();
                }

                foreach (var subscriber in _subscribers.ToList())
                {
                    if (!subscriber.Writer.TryWrite(message))
                    {
                        // Too slow a reader: its connection ends, and it resumes from its Last-Event-ID.
                        subscriber.Writer.TryComplete();
                        _subscribers.Remove(subscriber);
                    }
                }
            }
        }
    }

    /// <summary>
    /// Subscribes from <paramref name="lastEventId"/>. Returns the live channel, the messages missed since that id,
    /// and, when the id cannot be resumed here, why (then the caller sends a reset and the whole board), with the id
    /// to give that board.
    /// </summary>
    public Subscription Subscribe(string? lastEventId)
    {
        var channel = Channel.CreateBounded<BoardMessage>(new BoundedChannelOptions(SubscriberBuffer) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
        lock (_lock)
        {
            _subscribers.Add(channel);
            var current = IdOf(_sequence);
            if (string.IsNullOrEmpty(lastEventId))
            {
                return new Subscription(this, channel, [], "new", current);
            }

            var resumable = TryParse(lastEventId, out var after) && after <= _sequence
                && (after == _sequence || _recent.First is { } first && first.Value.Sequence <= after + 1);
            return resumable
                ? new Subscription(this, channel, [.. _recent.Where(m => m.Sequence > after)], null, current)
                : new Subscription(this, channel, [], "cannot-resume", current);
        }
    }

    private void Unsubscribe(Channel<BoardMessage> channel)
    {
        lock (_lock)
        {
            _subscribers.Remove(channel);
        }
    }

    private string IdOf(long sequence) => string.Create(CultureInfo.InvariantCulture, $"{Epoch}-{sequence}");

    private bool TryParse(string id, out long sequence)
    {
        sequence = 0;
        var dash = id.IndexOf('-', StringComparison.Ordinal);
        return dash > 0 && id[..dash] == Epoch && long.TryParse(id[(dash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out sequence);
    }

    internal sealed record LogMessage(string CharacterId, long Version, string Type, DateTimeOffset Timestamp, string Description);

    internal sealed class Subscription(
        BoardBroadcaster owner, Channel<BoardMessage> channel, IReadOnlyList<BoardMessage> missed, string? resetReason, string currentId) : IDisposable
    {
        public ChannelReader<BoardMessage> Live => channel.Reader;

        public IReadOnlyList<BoardMessage> Missed => missed;

        public string? ResetReason => resetReason;

        public string CurrentId => currentId;

        public void Dispose() => owner.Unsubscribe(channel);
    }
}
