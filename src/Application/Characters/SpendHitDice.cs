using Application.Common;
using Domain;
using EventSourcing;
using FluentValidation;
using MediatR;

namespace Application.Characters;

/// <summary>A short rest: Hit Dice spent, one roll of the character's Hit Die each (the domain checks the dice left and each roll's range).</summary>
public sealed record SpendHitDice(
    string CharacterId,
    IReadOnlyList<int> Rolls,
    Guid? CommandId = null,
    long? ExpectedVersion = null,
    Guid? CorrelationId = null) : IRequest<Result<CommandResult>>, ICharacterCommand;

internal sealed class SpendHitDiceValidator : AbstractValidator<SpendHitDice>
{
    public SpendHitDiceValidator()
    {
        this.IncludeCharacterCommandRules();
        RuleFor(c => c.Rolls).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage("At least one Hit Die roll is required.")
            .Must(r => r.Count <= CharacterHitPoints.MaxLevel)
            .WithMessage($"A character has at most {CharacterHitPoints.MaxLevel} Hit Dice to roll.");
    }
}

internal sealed class SpendHitDiceHandler(CommandService<CharacterHitPoints, CharacterEvent> commands) : IRequestHandler<SpendHitDice, Result<CommandResult>>
{
    public Task<Result<CommandResult>> Handle(SpendHitDice request, CancellationToken cancellationToken) =>
        commands.RunAsync(request, nameof(SpendHitDice), state => state.SpendHitDice(request.Rolls), cancellationToken);
}
