using Application.Common;
using EventSourcing;
using Domain;
using FluentValidation;
using MediatR;
using Microsoft.Extensions.Options;

namespace Application.Characters;

/// <summary>A character's events, oldest first, a page at a time. Pass the returned cursor to go on.</summary>
public sealed record GetHistory(string CharacterId, string? Cursor = null, int PageSize = 100) : IRequest<Result<HistoryPage>>;

public sealed record HistoryEntry(
    long Version,
    string Type,
    DateTimeOffset Timestamp,
    string Description,
    object Event,
    Guid EventId,
    Guid CommandId,
    Guid CorrelationId);

public sealed record HistoryPage(string CharacterId, IReadOnlyList<HistoryEntry> Events, string? NextCursor);

internal sealed class GetHistoryValidator : AbstractValidator<GetHistory>
{
    public GetHistoryValidator(IOptions<ApplicationOptions> options)
    {
        RuleFor(q => q.CharacterId).MustBeId();
        RuleFor(q => q.PageSize).MustBePageSize(options.Value.MaxPageSize);
        RuleFor(q => q.Cursor).MaximumLength(1000).WithMessage("A cursor has at most 1000 characters.");
    }
}

internal sealed class GetHistoryHandler(AggregateStreams<CharacterHitPoints, CharacterEvent> streams) : IRequestHandler<GetHistory, Result<HistoryPage>>
{
    public async Task<Result<HistoryPage>> Handle(GetHistory request, CancellationToken cancellationToken)
    {
        var page = await streams.Store.ReadAsync(
            streams.StreamIdFor(request.CharacterId), 0, request.PageSize, request.Cursor, cancellationToken).ConfigureAwait(false);

        if (page.Events.Count == 0 && request.Cursor is null)
        {
            return new NotFoundError("character", request.CharacterId);
        }

        var entries = page.Events.Select(e =>
        {
            var @event = streams.Decode(e);
            return new HistoryEntry(
                e.Version, e.Type, e.Timestamp, CharacterLog.Describe(@event), @event, e.EventId, e.Metadata.CommandId, e.Metadata.CorrelationId);
        }).ToList();
        return new HistoryPage(request.CharacterId, entries, page.ContinuationToken);
    }
}
