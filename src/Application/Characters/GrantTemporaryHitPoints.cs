using Application.Common;
using Domain;
using FluentValidation;
using EventSourcing;
using MediatR;

namespace Application.Characters;

/// <summary>Grants temporary hit points; they do not stack, the higher value stays.</summary>
public sealed record GrantTemporaryHitPoints(
    string CharacterId,
    int Amount,
    Guid? CommandId = null,
    long? ExpectedVersion = null,
    Guid? CorrelationId = null) : IRequest<Result<CommandResult>>, ICharacterCommand;

internal sealed class GrantTemporaryHitPointsValidator : AbstractValidator<GrantTemporaryHitPoints>
{
    public GrantTemporaryHitPointsValidator()
    {
        this.IncludeCharacterCommandRules();
        RuleFor(c => c.Amount).InclusiveBetween(1, CharacterHitPoints.MaxAmount)
            .WithMessage($"Temporary hit points are between 1 and {CharacterHitPoints.MaxAmount}.");
    }
}

internal sealed class GrantTemporaryHitPointsHandler(CommandService<CharacterHitPoints, CharacterEvent> commands)
    : IRequestHandler<GrantTemporaryHitPoints, Result<CommandResult>>
{
    public Task<Result<CommandResult>> Handle(GrantTemporaryHitPoints request, CancellationToken cancellationToken) =>
        commands.RunAsync(
            request, nameof(GrantTemporaryHitPoints), state => state.GrantTemporaryHitPoints(request.Amount), cancellationToken);
}
