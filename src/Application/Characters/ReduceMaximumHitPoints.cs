using Application.Common;
using Domain;
using EventSourcing;
using FluentValidation;
using MediatR;

namespace Application.Characters;

/// <summary>An effect such as a wight's Life Drain reduces the maximum by <c>Amount</c> until the next long rest.</summary>
public sealed record ReduceMaximumHitPoints(
    string CharacterId,
    int Amount,
    string? Source = null,
    Guid? CommandId = null,
    long? ExpectedVersion = null,
    Guid? CorrelationId = null) : IRequest<Result<CommandResult>>, ICharacterCommand;

internal sealed class ReduceMaximumHitPointsValidator : AbstractValidator<ReduceMaximumHitPoints>
{
    public ReduceMaximumHitPointsValidator()
    {
        this.IncludeCharacterCommandRules();
        RuleFor(c => c.Amount).MustBeAmount("A reduction");
        RuleFor(c => c.Source).MustBeOptionalSource();
    }
}

internal sealed class ReduceMaximumHitPointsHandler(CommandService<CharacterHitPoints, CharacterEvent> commands) : IRequestHandler<ReduceMaximumHitPoints, Result<CommandResult>>
{
    public Task<Result<CommandResult>> Handle(ReduceMaximumHitPoints request, CancellationToken cancellationToken) =>
        commands.RunAsync(request, nameof(ReduceMaximumHitPoints), state => state.ReduceMaximumHitPoints(request.Amount, request.Source), cancellationToken);
}
