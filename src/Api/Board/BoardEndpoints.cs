using System.Text;
using System.Text.Json;
using Api.Http;
using Application.Projections;
using MediatR;

namespace Api.Board;

/// <summary>The party board (a projection) and its live updates as server-sent events. The format is in docs/feed.md.</summary>
internal static class BoardEndpoints
{
    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(15);

    public static IEndpointRouteBuilder MapBoard(this IEndpointRouteBuilder routes)
    {
        var board = routes.MapGroup("/board")
            .WithTags("Board")
            .RequireAuthorization(ApiPolicies.Read)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        board.MapGet("/", Get).WithName("GetBoard")
            .RequireRateLimiting(ApiPolicies.RateLimit)
            .Produces<Application.Projections.Board>().ProducesValidationProblem()
            .WithSummary("The party board: each character's hit points, temporary HP, condition and death saves, with the version and time of its last change. ?characters=id1,id2 reads those in one request.");
        board.MapGet("/events", Events).WithName("GetBoardEvents")
            .RequireRateLimiting(ApiPolicies.RateLimit)
            .Produces(StatusCodes.Status200OK, contentType: "text/event-stream")
            .WithSummary("Server-sent events: 'board' (a character's row changed), 'log' (an event applied), 'reset' (then the whole board). Reconnect with Last-Event-ID to resume.");
        return routes;
    }

    private static Task<IResult> Get(string? characters, IMediator mediator, CancellationToken ct) =>
        mediator.Send(new GetBoard(Parse(characters)), ct).ToHttp(board => TypedResults.Ok(board));

    private static async Task Events(
        HttpContext http, string? characters, BoardBroadcaster broadcaster, IMediator mediator, IHostApplicationLifetime lifetime, CancellationToken ct)
    {
        var ids = Parse(characters);
        var wanted = ids is null ? null : new HashSet<string>(ids, StringComparer.Ordinal);
        var lastEventId = http.Request.Headers["Last-Event-ID"].FirstOrDefault() ?? http.Request.Query["lastEventId"].FirstOrDefault();
        using var subscription = broadcaster.Subscribe(lastEventId);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct, lifetime.ApplicationStopping);
        var json = http.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;

        Application.Projections.Board? snapshot = null;
        if (subscription.ResetReason is { } reason)
        {
            var result = await mediator.Send(new GetBoard(ids), stop.Token);
            if (!result.IsSuccess)
            {
                await ResultMapping.ToProblem(result.Error!).ExecuteAsync(http);
                return;
            }

            snapshot = result.Value;
        }

        http.Response.Headers.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-cache";
        http.Response.Headers["X-Accel-Buffering"] = "no";
        var body = http.Response.Body;
        try
        {
            await WriteAsync(body, null, null, "retry: 2000\n", stop.Token);
            if (snapshot is not null)
            {
                await WriteAsync(body, subscription.CurrentId, "reset", JsonSerializer.Serialize(new { reason = subscription.ResetReason }, json), stop.Token);
                foreach (var entry in snapshot.Characters)
                {
                    await WriteAsync(body, subscription.CurrentId, "board", JsonSerializer.Serialize(entry, json), stop.Token);
                }
            }

            foreach (var message in subscription.Missed.Where(m => wanted is null || wanted.Contains(m.CharacterId)))
            {
                await WriteAsync(body, message.Id, message.Event, message.Data, stop.Token);
            }

            await body.FlushAsync(stop.Token);
            while (!stop.IsCancellationRequested)
            {
                using var beat = CancellationTokenSource.CreateLinkedTokenSource(stop.Token);
                beat.CancelAfter(Heartbeat);
                try
                {
                    if (!await subscription.Live.WaitToReadAsync(beat.Token))
                    {
                        return; // dropped as too slow: the client reconnects with its Last-Event-ID
                    }
                }
                catch (OperationCanceledException) when (!stop.IsCancellationRequested)
                {
                    await WriteAsync(body, null, null, ": keep-alive\n", stop.Token);
                    await body.FlushAsync(stop.Token);
                    continue;
                }

                while (subscription.Live.TryRead(out var message))
                {
                    if (wanted is null || wanted.Contains(message.CharacterId))
                    {
                        await WriteAsync(body, message.Id, message.Event, message.Data, stop.Token);
                    }
                }

                await body.FlushAsync(stop.Token);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    private static Task WriteAsync(Stream body, string? id, string? name, string data, CancellationToken ct)
    {
        var text = new StringBuilder();
        if (name is null)
        {
            text.Append(data).Append('\n');
        }
        else
        {
            text.Append("id: ").Append(id).Append('\n').Append("event: ").Append(name).Append('\n').Append("data: ").Append(data).Append("\n\n");
        }

        return body.WriteAsync(Encoding.UTF8.GetBytes(text.ToString()), ct).AsTask();
    }

    private static List<string>? Parse(string? characters) =>
        string.IsNullOrWhiteSpace(characters)
            ? null
            : [.. characters.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
}
