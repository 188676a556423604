using Domain;
using EventSourcing;

namespace Application.Common;

/// <summary>Where the domain's decisions meet the generic command path.</summary>
internal static class DomainDecisions
{
    public static CommandDecision<TEvent> ToCommandDecision<TEvent>(this Decision<TEvent> decision) => decision.Error switch
    {
        null => CommandDecision.Accept(decision.Events),
        { Kind: DomainErrorKind.NotFound } => CommandDecision.NotFound<TEvent>(),
        var broken => CommandDecision.BreaksRule<TEvent>(broken.Code, broken.Message),
    };

    /// <summary>Runs a domain decision through the command path.</summary>
    public static Task<Result<CommandResult>> RunAsync<TState, TEvent>(
        this CommandService<TState, TEvent> commands,
        IAggregateCommand command,
        string commandName,
        Func<TState, Decision<TEvent>> decide,
        CancellationToken cancellationToken)
        where TState : notnull
        where TEvent : notnull
    {
        ArgumentNullException.ThrowIfNull(commands);
        ArgumentNullException.ThrowIfNull(decide);
        return commands.HandleAsync(command, commandName, state => decide(state).ToCommandDecision(), cancellationToken);
    }
}
