using Application.Common;
using Domain;
using FluentValidation;
using EventSourcing;
using MediatR;

namespace Application.Characters;

/// <summary>Records a rolled death saving throw for a character at 0 hit points.</summary>
public sealed record RecordDeathSave(
    string CharacterId,
    DeathSaveOutcome Outcome,
    Guid? CommandId = null,
    long? ExpectedVersion = null,
    Guid? CorrelationId = null) : IRequest<Result<CommandResult>>, ICharacterCommand;

internal sealed class RecordDeathSaveValidator : AbstractValidator<RecordDeathSave>
{
    public RecordDeathSaveValidator()
    {
        this.IncludeCharacterCommandRules();
        RuleFor(c => c.Outcome).IsInEnum().WithMessage("A death save is 'success' or 'failure'.");
    }
}

internal sealed class RecordDeathSaveHandler(CommandService<CharacterHitPoints, CharacterEvent> commands) : IRequestHandler<RecordDeathSave, Result<CommandResult>>
{
    public Task<Result<CommandResult>> Handle(RecordDeathSave request, CancellationToken cancellationToken) =>
        commands.RunAsync(request, nameof(RecordDeathSave), state => state.RecordDeathSave(request.Outcome), cancellationToken);
}
