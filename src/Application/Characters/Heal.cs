using Application.Common;
using Domain;
using EventSourcing;
using FluentValidation;
using MediatR;

namespace Application.Characters;

/// <summary>Heals a character, capped at the maximum; healing at 0 hit points brings the character round. <c>Source</c>: the potion, spell or healer.</summary>
public sealed record Heal(
    string CharacterId,
    int Amount,
    string? Source = null,
    Guid? CommandId = null,
    long? ExpectedVersion = null,
    Guid? CorrelationId = null) : IRequest<Result<CommandResult>>, ICharacterCommand;

internal sealed class HealValidator : AbstractValidator<Heal>
{
    public HealValidator()
    {
        this.IncludeCharacterCommandRules();
        RuleFor(c => c.Amount).MustBeAmount("Healing");
        RuleFor(c => c.Source).MustBeOptionalSource();
    }
}

internal sealed class HealHandler(CommandService<CharacterHitPoints, CharacterEvent> commands) : IRequestHandler<Heal, Result<CommandResult>>
{
    public Task<Result<CommandResult>> Handle(Heal request, CancellationToken cancellationToken) =>
        commands.RunAsync(request, nameof(Heal), state => state.Heal(request.Amount, request.Source), cancellationToken);
}
