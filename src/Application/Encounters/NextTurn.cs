using Application.Common;
using Domain;
using EventSourcing;
using FluentValidation;
using MediatR;

namespace Application.Encounters;

/// <summary>The next combatant's turn, in initiative order; after the last, the next round.</summary>
public sealed record NextTurn(
    string EncounterId,
    Guid? CommandId = null,
    long? ExpectedVersion = null,
    Guid? CorrelationId = null) : IRequest<Result<CommandResult>>, IEncounterCommand;

internal sealed class NextTurnValidator : AbstractValidator<NextTurn>
{
    public NextTurnValidator() => this.IncludeEncounterCommandRules();
}

internal sealed class NextTurnHandler(CommandService<Encounter, EncounterEvent> commands) : IRequestHandler<NextTurn, Result<CommandResult>>
{
    public Task<Result<CommandResult>> Handle(NextTurn request, CancellationToken cancellationToken) =>
        commands.RunAsync(request, nameof(NextTurn), state => state.NextTurn(), cancellationToken);
}
