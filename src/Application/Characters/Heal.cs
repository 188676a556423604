using Application.Common;
using Domain;
using FluentValidation;
using EventSourcing;
using MediatR;

namespace Application.Characters;

/// <summary>Heals a character, capped at the maximum; healing at 0 hit points brings the character round.</summary>
public sealed record Heal(
    string CharacterId,
    int Amount,
    Guid? CommandId = null,
    long? ExpectedVersion = null,
    Guid? CorrelationId = null) : IRequest<Result<CommandResult>>, ICharacterCommand;

internal sealed class HealValidator : AbstractValidator<Heal>
{
    public HealValidator()
    {
        this.IncludeCharacterCommandRules();
        RuleFor(c => c.Amount).InclusiveBetween(1, CharacterHitPoints.MaxAmount)
            .WithMessage($"Healing is between 1 and {CharacterHitPoints.MaxAmount}.");
    }
}

internal sealed class HealHandler(CommandService<CharacterHitPoints, CharacterEvent> commands) : IRequestHandler<Heal, Result<CommandResult>>
{
    public Task<Result<CommandResult>> Handle(Heal request, CancellationToken cancellationToken) =>
        commands.RunAsync(request, nameof(Heal), state => state.Heal(request.Amount), cancellationToken);
}
