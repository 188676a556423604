using Application.Common;
using Domain;
using EventSourcing;
using FluentValidation;
using MediatR;

namespace Application.Characters;

/// <summary>Defences to <c>DamageTypes</c> from <c>Source</c> end; the same defence from elsewhere stays.</summary>
public sealed record LoseDefense(
    string CharacterId,
    Defense Defense,
    IReadOnlyList<DamageType> DamageTypes,
    string Source,
    Guid? CommandId = null,
    long? ExpectedVersion = null,
    Guid? CorrelationId = null) : IRequest<Result<CommandResult>>, ICharacterCommand, IDefenseInput;

internal sealed class LoseDefenseValidator : AbstractValidator<LoseDefense>
{
    public LoseDefenseValidator()
    {
        this.IncludeCharacterCommandRules();
        this.IncludeDefenseRules();
    }
}

internal sealed class LoseDefenseHandler(CommandService<CharacterHitPoints, CharacterEvent> commands) : IRequestHandler<LoseDefense, Result<CommandResult>>
{
    public Task<Result<CommandResult>> Handle(LoseDefense request, CancellationToken cancellationToken) =>
        commands.RunAsync(request, nameof(LoseDefense), state => state.LoseDefense(request.Defense, request.DamageTypes, request.Source), cancellationToken);
}
