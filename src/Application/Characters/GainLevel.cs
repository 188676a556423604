using Application.Common;
using Domain;
using EventSourcing;
using FluentValidation;
using MediatR;

namespace Application.Characters;

/// <summary>A new level: the maximum rises by <c>MaximumHitPointsIncrease</c> (the Hit Die roll or fixed value plus the Constitution modifier).</summary>
public sealed record GainLevel(
    string CharacterId,
    int MaximumHitPointsIncrease,
    Guid? CommandId = null,
    long? ExpectedVersion = null,
    Guid? CorrelationId = null) : IRequest<Result<CommandResult>>, ICharacterCommand;

internal sealed class GainLevelValidator : AbstractValidator<GainLevel>
{
    public GainLevelValidator()
    {
        this.IncludeCharacterCommandRules();
        RuleFor(c => c.MaximumHitPointsIncrease).LessThanOrEqualTo(CharacterHitPoints.MaxMaximumHitPoints)
            .WithMessage($"A level raises the maximum by at most {CharacterHitPoints.MaxMaximumHitPoints}.");
    }
}

internal sealed class GainLevelHandler(CommandService<CharacterHitPoints, CharacterEvent> commands) : IRequestHandler<GainLevel, Result<CommandResult>>
{
    public Task<Result<CommandResult>> Handle(GainLevel request, CancellationToken cancellationToken) =>
        commands.RunAsync(request, nameof(GainLevel), state => state.GainLevel(request.MaximumHitPointsIncrease), cancellationToken);
}
