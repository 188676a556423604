using Application.Common;
using Domain;
using EventSourcing;
using FluentValidation;
using MediatR;

namespace Application.Encounters;

/// <summary>Ends the encounter; nothing more happens in it (the characters' streams go on).</summary>
public sealed record EndEncounter(
    string EncounterId,
    Guid? CommandId = null,
    long? ExpectedVersion = null,
    Guid? CorrelationId = null) : IRequest<Result<CommandResult>>, IEncounterCommand;

internal sealed class EndEncounterValidator : AbstractValidator<EndEncounter>
{
    public EndEncounterValidator() => this.IncludeEncounterCommandRules();
}

internal sealed class EndEncounterHandler(CommandService<Encounter, EncounterEvent> commands) : IRequestHandler<EndEncounter, Result<CommandResult>>
{
    public Task<Result<CommandResult>> Handle(EndEncounter request, CancellationToken cancellationToken) =>
        commands.RunAsync(request, nameof(EndEncounter), state => state.End(), cancellationToken);
}
