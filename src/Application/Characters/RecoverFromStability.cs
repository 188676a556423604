using Application.Common;
using Domain;
using EventSourcing;
using FluentValidation;
using MediatR;

namespace Application.Characters;

/// <summary>A stable, unhealed character regains 1 hit point after 1d4 hours; the DM records the hours rolled (the domain checks 1..4).</summary>
public sealed record RecoverFromStability(
    string CharacterId,
    int Hours,
    Guid? CommandId = null,
    long? ExpectedVersion = null,
    Guid? CorrelationId = null) : IRequest<Result<CommandResult>>, ICharacterCommand;

internal sealed class RecoverFromStabilityValidator : AbstractValidator<RecoverFromStability>
{
    public RecoverFromStabilityValidator()
    {
        this.IncludeCharacterCommandRules();
    }
}

internal sealed class RecoverFromStabilityHandler(CommandService<CharacterHitPoints, CharacterEvent> commands) : IRequestHandler<RecoverFromStability, Result<CommandResult>>
{
    public Task<Result<CommandResult>> Handle(RecoverFromStability request, CancellationToken cancellationToken) =>
        commands.RunAsync(request, nameof(RecoverFromStability), state => state.RecoverFromStability(request.Hours), cancellationToken);
}
