using Application.Common;
using Domain;
using EventSourcing;
using FluentValidation;
using MediatR;

namespace Application.Characters;

/// <summary>
/// One hit of one or more damage types (<see cref="Parts"/>, as rolled), optionally naming its source ("goblin") and a note.
/// <see cref="Critical"/>: the dice were doubled (two failed death saves at 0 hit points). <see cref="KnockOut"/>: the melee
/// attacker chose to knock the creature out if this hit drops it to 0.
/// </summary>
public sealed record DealDamage(
    string CharacterId,
    IReadOnlyList<DamageRoll> Parts,
    bool Critical = false,
    bool KnockOut = false,
    string? Source = null,
    string? Note = null,
    Guid? CommandId = null,
    long? ExpectedVersion = null,
    Guid? CorrelationId = null) : IRequest<Result<CommandResult>>, ICharacterCommand
{
    /// <summary>One hit of one damage type, the shape most callers have.</summary>
#pragma warning disable IDE1006 // The parameter names match the record's, so callers' named arguments read the same on both constructors.
    public DealDamage(
        string CharacterId,
        int Amount,
        DamageType DamageType,
        string? Source = null,
        string? Note = null,
        Guid? CommandId = null,
        long? ExpectedVersion = null,
        Guid? CorrelationId = null)
        : this(CharacterId, [new DamageRoll(Amount, DamageType)], false, false, Source, Note, CommandId, ExpectedVersion, CorrelationId)
#pragma warning restore IDE1006
    {
    }
}

internal sealed class DealDamageValidator : AbstractValidator<DealDamage>
{
    public DealDamageValidator()
    {
        this.IncludeCharacterCommandRules();
        RuleFor(c => c.Parts).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage("A hit has at least one damage part.")
            .Must(p => p.Count <= CharacterValidationRules.MaxDamageParts)
            .WithMessage($"A hit has at most {CharacterValidationRules.MaxDamageParts} damage parts.");
        RuleForEach(c => c.Parts).Cascade(CascadeMode.Stop)
            .NotNull().WithMessage("A damage part is required.")
            .ChildRules(part =>
            {
                part.RuleFor(p => p.Amount).MustBeAmount("Damage");
                part.RuleFor(p => p.DamageType).IsInEnum().WithMessage("Unknown damage type.");
            });
        RuleFor(c => c.Source).MustBeOptionalSource();
        RuleFor(c => c.Note).MustBeCleanText("A note", CharacterHitPoints.MaxNoteLength);
    }
}

internal sealed class DealDamageHandler(CommandService<CharacterHitPoints, CharacterEvent> commands) : IRequestHandler<DealDamage, Result<CommandResult>>
{
    public Task<Result<CommandResult>> Handle(DealDamage request, CancellationToken cancellationToken) =>
        commands.RunAsync(
            request,
            nameof(DealDamage),
            state => state.TakeDamage(request.Parts, request.Critical, request.Source, request.Note, request.KnockOut),
            cancellationToken);
}
