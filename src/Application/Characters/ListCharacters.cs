using Application.Common;
using EventSourcing;
using Application.Events;
using Domain;
using FluentValidation;
using MediatR;
using Microsoft.Extensions.Options;

namespace Application.Characters;

/// <summary>
/// The characters, a page at a time, each with what it was created with. On DynamoDB the listing reads a
/// global secondary index, which is eventually consistent: a character created a moment ago may be missing.
/// </summary>
public sealed record ListCharacters(string? Cursor = null, int PageSize = 50) : IRequest<Result<CharacterListPage>>;

public sealed record CharacterSummary(string CharacterId, string Name, int MaximumHitPoints, DateTimeOffset CreatedAt);

public sealed record CharacterListPage(IReadOnlyList<CharacterSummary> Characters, string? NextCursor);

internal sealed class ListCharactersValidator : AbstractValidator<ListCharacters>
{
    public ListCharactersValidator(IOptions<ApplicationOptions> options)
    {
        RuleFor(q => q.PageSize).MustBePageSize(options.Value.MaxPageSize);
        RuleFor(q => q.Cursor).MaximumLength(1000).WithMessage("A cursor has at most 1000 characters.");
    }
}

internal sealed class ListCharactersHandler(AggregateStreams<CharacterHitPoints, CharacterEvent> streams) : IRequestHandler<ListCharacters, Result<CharacterListPage>>
{
    public async Task<Result<CharacterListPage>> Handle(ListCharacters request, CancellationToken cancellationToken)
    {
        var page = await streams.Store.ListStreamsAsync(streams.Category, request.PageSize, request.Cursor, cancellationToken)
            .ConfigureAwait(false);

        var characters = page.FirstEvents.Select(e =>
        {
            var created = (CharacterCreated)streams.Registry.Decode(e);
            return new CharacterSummary(e.StreamId.Id, created.Name, created.MaximumHitPoints, e.Timestamp);
        }).ToList();
        return new CharacterListPage(characters, page.ContinuationToken);
    }
}
