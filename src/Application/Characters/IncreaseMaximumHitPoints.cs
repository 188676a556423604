using Application.Common;
using Domain;
using EventSourcing;
using FluentValidation;
using MediatR;

namespace Application.Characters;

/// <summary>An effect such as Aid raises the maximum and current hit points by <c>Amount</c> until it ends; <c>Source</c> names it.</summary>
public sealed record IncreaseMaximumHitPoints(
    string CharacterId,
    int Amount,
    string Source,
    Guid? CommandId = null,
    long? ExpectedVersion = null,
    Guid? CorrelationId = null) : IRequest<Result<CommandResult>>, ICharacterCommand;

internal sealed class IncreaseMaximumHitPointsValidator : AbstractValidator<IncreaseMaximumHitPoints>
{
    public IncreaseMaximumHitPointsValidator()
    {
        this.IncludeCharacterCommandRules();
        RuleFor(c => c.Amount).MustBeAmount("An increase");
        RuleFor(c => c.Source).MustBeRequiredSource("A source");
    }
}

internal sealed class IncreaseMaximumHitPointsHandler(CommandService<CharacterHitPoints, CharacterEvent> commands) : IRequestHandler<IncreaseMaximumHitPoints, Result<CommandResult>>
{
    public Task<Result<CommandResult>> Handle(IncreaseMaximumHitPoints request, CancellationToken cancellationToken) =>
        commands.RunAsync(request, nameof(IncreaseMaximumHitPoints), state => state.IncreaseMaximumHitPoints(request.Amount, request.Source), cancellationToken);
}
