using Application.Common;
using Domain;
using EventSourcing;
using FluentValidation;
using MediatR;

namespace Application.Characters;

/// <summary>
/// A character's hit points after each event, for a chart: the domain's own fold applied event by event, so a client
/// never re-implements the rules to draw the line. Reads the whole stream; returns the newest <see cref="MaxPoints"/>.
/// </summary>
public sealed record GetHitPointTimeline(string CharacterId) : IRequest<Result<HitPointTimeline>>
{
    public const int MaxPoints = 500;
}

public sealed record HitPointPoint(
    long Version,
    DateTimeOffset Timestamp,
    int CurrentHitPoints,
    int TemporaryHitPoints,
    int MaximumHitPoints,
    Condition Condition,
    string Description);

/// <summary><paramref name="Truncated"/>: older points were left out (the stream is longer than the points given).</summary>
public sealed record HitPointTimeline(string CharacterId, IReadOnlyList<HitPointPoint> Points, bool Truncated);

internal sealed class GetHitPointTimelineValidator : AbstractValidator<GetHitPointTimeline>
{
    public GetHitPointTimelineValidator() => RuleFor(q => q.CharacterId).MustBeId();
}

internal sealed class GetHitPointTimelineHandler(AggregateStreams<CharacterHitPoints, CharacterEvent> streams)
    : IRequestHandler<GetHitPointTimeline, Result<HitPointTimeline>>
{
    private const int PageSize = 500;

    public async Task<Result<HitPointTimeline>> Handle(GetHitPointTimeline request, CancellationToken cancellationToken)
    {
        var stream = streams.StreamIdFor(request.CharacterId);
        var points = new Queue<HitPointPoint>();
        var state = CharacterHitPoints.Initial;
        var truncated = false;
        string? cursor = null;
        do
        {
            var page = await streams.Store.ReadAsync(stream, 0, PageSize, cursor, cancellationToken).ConfigureAwait(false);
            foreach (var stored in page.Events)
            {
                var @event = streams.Decode(stored);
                state = CharacterHitPoints.Evolve(state, @event);
                points.Enqueue(new HitPointPoint(
                    stored.Version,
                    stored.Timestamp,
                    state.CurrentHitPoints,
                    state.TemporaryHitPoints,
                    state.MaximumHitPoints,
                    state.Condition,
                    CharacterLog.Describe(@event)));
                if (points.Count > GetHitPointTimeline.MaxPoints)
                {
                    points.Dequeue();
                    truncated = true;
                }
            }

            cursor = page.ContinuationToken;
        }
        while (cursor is not null);

        return points.Count == 0
            ? new NotFoundError("character", request.CharacterId)
            : new HitPointTimeline(request.CharacterId, [.. points], truncated);
    }
}
