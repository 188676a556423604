using Application.Characters;
using Application.Common;
using Application.Events;
using EventSourcing;
using FluentValidation;
using MediatR;

namespace Application.Projections;

/// <summary>
/// The party board, read from its projection: the listed characters in one request (a strongly consistent batch
/// read), or every character on the board when none is listed. It trails the events by the projection's lag.
/// </summary>
public sealed record GetBoard(IReadOnlyList<string>? CharacterIds = null) : IRequest<Result<Board>>;

public sealed record Board(IReadOnlyList<BoardEntry> Characters);

internal sealed class GetBoardValidator : AbstractValidator<GetBoard>
{
    public const int MaxCharacters = 100;

    public GetBoardValidator()
    {
        RuleFor(q => q.CharacterIds).Must(ids => ids is null || ids.Count <= MaxCharacters)
            .WithMessage($"At most {MaxCharacters} characters a request.");
        RuleForEach(q => q.CharacterIds).MustBeId();
    }
}

internal sealed class GetBoardHandler(IProjectionStore rows) : IRequestHandler<GetBoard, Result<Board>>
{
    private const int MaxListed = 1000;

    public async Task<Result<Board>> Handle(GetBoard request, CancellationToken cancellationToken)
    {
        IReadOnlyList<ProjectionRow> found;
        if (request.CharacterIds is { Count: > 0 } ids)
        {
            var streams = ids.Select(id => new StreamId(CharacterEventTypes.Category, id)).ToList();
            found = await rows.GetManyAsync(PartyBoard.Name, streams, cancellationToken).ConfigureAwait(false);
            var order = ids.Select((id, i) => (id, i)).GroupBy(x => x.id).ToDictionary(g => g.Key, g => g.First().i);
            found = [.. found.OrderBy(r => order[r.Stream.Id])];
        }
        else
        {
            var all = new List<ProjectionRow>();
            string? token = null;
            do
            {
                var page = await rows.ListAsync(PartyBoard.Name, 500, token, cancellationToken).ConfigureAwait(false);
                all.AddRange(page.Rows);
                token = page.ContinuationToken;
            }
            while (token is not null && all.Count < MaxListed);

            found = [.. all.OrderBy(r => r.Stream.Id, StringComparer.Ordinal)];
        }

        return new Board([.. found.Select(PartyBoard.ToEntry)]);
    }
}
