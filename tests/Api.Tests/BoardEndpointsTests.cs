using System.Net;
using System.Text;
using System.Text.Json;

namespace Api.Tests;

/// <summary>The party board and its server-sent events, over HTTP, with the projections running in the API host.</summary>
public sealed class BoardEndpointsTests : IClassFixture<BoardEndpointsTests.Factory>
{
    private readonly Factory _factory;

    public BoardEndpointsTests(Factory factory) => _factory = factory;

    public sealed class Factory : ApiFactory
    {
        public Factory() => With("Feed:PollInterval", "00:00:00.050");
    }

    [Fact]
    public async Task Given_characters_When_the_board_is_read_for_a_list_Then_it_shows_their_hit_points_in_that_order_with_version_and_time()
    {
        var client = _factory.Client();
        var tordek = await client.CreateCharacter("Tordek", 8);
        var lidda = await client.CreateCharacter("Lidda", 6);
        Assert.Equal(HttpStatusCode.OK, (await client.PostJson($"/characters/{tordek}/damage", """{"parts":[{"amount":3,"damageType":"slashing"}],"source":"goblin"}""")).Status);

        var board = await WaitForBoardAsync(client, $"/board?characters={lidda},{tordek}", b => b.Count == 2 && b[1].GetProperty("version").GetInt64() == 1);

        Assert.Equal(["Lidda", "Tordek"], board.Select(e => e.GetProperty("name").GetString()));
        Assert.Equal(5, board[1].GetProperty("currentHitPoints").GetInt32());
        Assert.Equal(8, board[1].GetProperty("maximumHitPoints").GetInt32());
        Assert.Equal("conscious", board[1].GetProperty("condition").GetString());
        Assert.Equal(0, board[0].GetProperty("version").GetInt64());
        Assert.True(board[1].GetProperty("changedAt").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(-5));
    }

    [Fact]
    public async Task Given_a_bad_character_id_When_the_board_is_read_Then_400_names_the_field()
    {
        var response = await _factory.Client().Get("/board?characters=ok,bad%20id");

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Contains("characterIds", response.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_a_live_connection_When_it_drops_and_reconnects_with_Last_Event_ID_Then_it_gets_exactly_what_it_missed()
    {
        var client = _factory.Client();
        var id = await client.CreateCharacter("Mialee", 10);
        await WaitForBoardAsync(client, $"/board?characters={id}", b => b.Count == 1);

        string lastId;
        using (var first = await SseConnection.OpenAsync(_factory.Client(), $"/board/events?characters={id}", null))
        {
            var reset = await first.NextAsync();
            Assert.Equal("reset", reset.Event);
            var snapshot = await first.NextAsync();
            Assert.Equal(("board", 0L), (snapshot.Event, snapshot.Json.GetProperty("version").GetInt64()));

            await Damage(client, id, 2);
            var log = await first.NextAsync();
            Assert.Equal(("log", 1L), (log.Event, log.Json.GetProperty("version").GetInt64()));
            Assert.Contains("2 slashing", log.Json.GetProperty("description").GetString(), StringComparison.Ordinal);
            var change = await first.NextAsync();
            Assert.Equal(("board", 8), (change.Event, change.Json.GetProperty("currentHitPoints").GetInt32()));
            lastId = change.Id;
        }

        // While nobody listens, two more hits land and are projected.
        await Damage(client, id, 1);
        await Damage(client, id, 4);
        await WaitForBoardAsync(client, $"/board?characters={id}", b => b[0].GetProperty("version").GetInt64() == 3);

        using var again = await SseConnection.OpenAsync(_factory.Client(), $"/board/events?characters={id}", lastId);
        var missed = new List<SseEvent>();
        do
        {
            missed.Add(await again.NextAsync());
        }
        while (!(missed[^1].Event == "board" && missed[^1].Json.GetProperty("version").GetInt64() == 3));

        // One poll may apply both hits in one row write: then both log events come before one board event.
        Assert.DoesNotContain(missed, m => m.Event == "reset");
        Assert.Equal([2L, 3L], missed.Where(m => m.Event == "log").Select(m => m.Json.GetProperty("version").GetInt64()));
        Assert.All(missed.Where(m => m.Event == "board"), m => Assert.True(m.Json.GetProperty("version").GetInt64() >= 2));
        Assert.Equal(3, missed[^1].Json.GetProperty("currentHitPoints").GetInt32());

        using var stranger = await SseConnection.OpenAsync(_factory.Client(), $"/board/events?characters={id}", "00000000-5");
        var fresh = await stranger.NextAsync();
        Assert.Equal("reset", fresh.Event);
        Assert.Equal("cannot-resume", fresh.Json.GetProperty("reason").GetString());
        Assert.Equal(3, (await stranger.NextAsync()).Json.GetProperty("currentHitPoints").GetInt32());
    }

    private static async Task Damage(HttpClient client, string id, int amount) =>
        Assert.Equal(HttpStatusCode.OK, (await client.PostJson($"/characters/{id}/damage", $$"""{"parts":[{"amount":{{amount}},"damageType":"slashing"}]}""")).Status);

    private static async Task<List<JsonElement>> WaitForBoardAsync(HttpClient client, string path, Func<List<JsonElement>, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var response = await client.Get(path);
            Assert.Equal(HttpStatusCode.OK, response.Status);
            var entries = JsonDocument.Parse(response.Body).RootElement.GetProperty("characters").EnumerateArray().Select(e => e.Clone()).ToList();
            if (done(entries))
            {
                return entries;
            }

            Assert.True(DateTime.UtcNow < deadline, $"The board did not show the change: {response.Body}");
            await Task.Delay(50);
        }
    }

    internal sealed record SseEvent(string Id, string Event, JsonElement Json);

    /// <summary>Reads a text/event-stream response event by event.</summary>
    internal sealed class SseConnection : IDisposable
    {
        private readonly HttpResponseMessage _response;
        private readonly StreamReader _reader;

        private SseConnection(HttpResponseMessage response, StreamReader reader)
        {
            _response = response;
            _reader = reader;
        }

        public static async Task<SseConnection> OpenAsync(HttpClient client, string path, string? lastEventId)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Accept.Clear();
            request.Headers.TryAddWithoutValidation("Accept", "text/event-stream");
            if (lastEventId is not null)
            {
                request.Headers.TryAddWithoutValidation("Last-Event-ID", lastEventId);
            }

            var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
            return new SseConnection(response, new StreamReader(await response.Content.ReadAsStreamAsync(), Encoding.UTF8));
        }

        public async Task<SseEvent> NextAsync()
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            string? id = null, name = null, data = null;
            while (true)
            {
                var line = await _reader.ReadLineAsync(timeout.Token) ?? throw new InvalidOperationException("The event stream ended.");
                if (line.Length == 0)
                {
                    if (name is not null)
                    {
                        return new SseEvent(id!, name, JsonDocument.Parse(data!).RootElement.Clone());
                    }

                    continue;
                }

                if (line.StartsWith("id: ", StringComparison.Ordinal))
                {
                    id = line[4..];
                }
                else if (line.StartsWith("event: ", StringComparison.Ordinal))
                {
                    name = line[7..];
                }
                else if (line.StartsWith("data: ", StringComparison.Ordinal))
                {
                    data = line[6..];
                }
            }
        }

        public void Dispose()
        {
            _reader.Dispose();
            _response.Dispose();
        }
    }
}
