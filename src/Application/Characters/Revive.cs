using Application.Common;
using Domain;
using EventSourcing;
using FluentValidation;
using MediatR;

namespace Application.Characters;

/// <summary>Magic such as Revivify returns a dead character to life with <c>HitPoints</c> (capped at the maximum).</summary>
public sealed record Revive(
    string CharacterId,
    string Spell,
    int HitPoints,
    Guid? CommandId = null,
    long? ExpectedVersion = null,
    Guid? CorrelationId = null) : IRequest<Result<CommandResult>>, ICharacterCommand;

internal sealed class ReviveValidator : AbstractValidator<Revive>
{
    public ReviveValidator()
    {
        this.IncludeCharacterCommandRules();
        RuleFor(c => c.Spell).MustBeRequiredSource("A spell");
        RuleFor(c => c.HitPoints).MustBeAmount("Hit points");
    }
}

internal sealed class ReviveHandler(CommandService<CharacterHitPoints, CharacterEvent> commands) : IRequestHandler<Revive, Result<CommandResult>>
{
    public Task<Result<CommandResult>> Handle(Revive request, CancellationToken cancellationToken) =>
        commands.RunAsync(request, nameof(Revive), state => state.Revive(request.Spell, request.HitPoints), cancellationToken);
}
