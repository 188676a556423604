using Application.Common;
using Domain;
using FluentValidation;
using EventSourcing;
using MediatR;

namespace Application.Characters;

/// <summary>Deals damage of one type, optionally naming its source ("goblin") and a note.</summary>
public sealed record DealDamage(
    string CharacterId,
    int Amount,
    DamageType DamageType,
    string? Source = null,
    string? Note = null,
    Guid? CommandId = null,
    long? ExpectedVersion = null,
    Guid? CorrelationId = null) : IRequest<Result<CommandResult>>, ICharacterCommand;

internal sealed class DealDamageValidator : AbstractValidator<DealDamage>
{
    public DealDamageValidator()
    {
        this.IncludeCharacterCommandRules();
        RuleFor(c => c.Amount).InclusiveBetween(1, CharacterHitPoints.MaxAmount)
            .WithMessage($"Damage is between 1 and {CharacterHitPoints.MaxAmount}.");
        RuleFor(c => c.DamageType).IsInEnum().WithMessage("Unknown damage type.");
        RuleFor(c => c.Source).MaximumLength(CharacterHitPoints.MaxSourceLength)
            .WithMessage($"A source has at most {CharacterHitPoints.MaxSourceLength} characters.");
        RuleFor(c => c.Note).MaximumLength(CharacterHitPoints.MaxNoteLength)
            .WithMessage($"A note has at most {CharacterHitPoints.MaxNoteLength} characters.");
    }
}

internal sealed class DealDamageHandler(CommandService<CharacterHitPoints, CharacterEvent> commands) : IRequestHandler<DealDamage, Result<CommandResult>>
{
    public Task<Result<CommandResult>> Handle(DealDamage request, CancellationToken cancellationToken) =>
        commands.RunAsync(
            request,
            nameof(DealDamage),
            state => state.TakeDamage(request.Amount, request.DamageType, request.Source, request.Note),
            cancellationToken);
}
