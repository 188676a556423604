using Application.Common;
using Domain;
using EventSourcing;
using FluentValidation;
using MediatR;

namespace Application.Characters;

/// <summary>The increase of the maximum from <c>Source</c> (Aid) ends.</summary>
public sealed record EndMaximumHitPointsIncrease(
    string CharacterId,
    string Source,
    Guid? CommandId = null,
    long? ExpectedVersion = null,
    Guid? CorrelationId = null) : IRequest<Result<CommandResult>>, ICharacterCommand;

internal sealed class EndMaximumHitPointsIncreaseValidator : AbstractValidator<EndMaximumHitPointsIncrease>
{
    public EndMaximumHitPointsIncreaseValidator()
    {
        this.IncludeCharacterCommandRules();
        RuleFor(c => c.Source).MustBeRequiredSource("A source");
    }
}

internal sealed class EndMaximumHitPointsIncreaseHandler(CommandService<CharacterHitPoints, CharacterEvent> commands) : IRequestHandler<EndMaximumHitPointsIncrease, Result<CommandResult>>
{
    public Task<Result<CommandResult>> Handle(EndMaximumHitPointsIncrease request, CancellationToken cancellationToken) =>
        commands.RunAsync(request, nameof(EndMaximumHitPointsIncrease), state => state.EndMaximumHitPointsIncrease(request.Source), cancellationToken);
}
