using Application.Common;
using Domain;
using EventSourcing;
using FluentValidation;
using MediatR;

namespace Application.Characters;

/// <summary>A long rest: all hit points, half the Hit Dice (at least one), the maximum restored; temporary hit points end. Needs 1 hit point.</summary>
public sealed record TakeLongRest(
    string CharacterId,
    Guid? CommandId = null,
    long? ExpectedVersion = null,
    Guid? CorrelationId = null) : IRequest<Result<CommandResult>>, ICharacterCommand;

internal sealed class TakeLongRestValidator : AbstractValidator<TakeLongRest>
{
    public TakeLongRestValidator()
    {
        this.IncludeCharacterCommandRules();
    }
}

internal sealed class TakeLongRestHandler(CommandService<CharacterHitPoints, CharacterEvent> commands) : IRequestHandler<TakeLongRest, Result<CommandResult>>
{
    public Task<Result<CommandResult>> Handle(TakeLongRest request, CancellationToken cancellationToken) =>
        commands.RunAsync(request, nameof(TakeLongRest), state => state.TakeLongRest(), cancellationToken);
}
