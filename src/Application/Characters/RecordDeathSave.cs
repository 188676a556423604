using Application.Common;
using Domain;
using EventSourcing;
using FluentValidation;
using MediatR;

namespace Application.Characters;

/// <summary>Records a death saving throw as the natural d20 rolled (the domain checks 1..20): 10+ succeeds, 1 is two failures, 20 regains 1 hit point.</summary>
public sealed record RecordDeathSave(
    string CharacterId,
    int Roll,
    Guid? CommandId = null,
    long? ExpectedVersion = null,
    Guid? CorrelationId = null) : IRequest<Result<CommandResult>>, ICharacterCommand;

internal sealed class RecordDeathSaveValidator : AbstractValidator<RecordDeathSave>
{
    public RecordDeathSaveValidator()
    {
        this.IncludeCharacterCommandRules();
    }
}

internal sealed class RecordDeathSaveHandler(CommandService<CharacterHitPoints, CharacterEvent> commands) : IRequestHandler<RecordDeathSave, Result<CommandResult>>
{
    public Task<Result<CommandResult>> Handle(RecordDeathSave request, CancellationToken cancellationToken) =>
        commands.RunAsync(request, nameof(RecordDeathSave), state => state.RecordDeathSave(request.Roll), cancellationToken);
}
