using Application.Common;
using Domain;
using FluentValidation;
using EventSourcing;
using MediatR;

namespace Application.Characters;

/// <summary>
/// Creates a character at full hit points, at <see cref="Level"/> with as many Hit Dice (of <see cref="HitDie"/>,
/// null when unknown) and a Constitution modifier. Without a character id, the id is derived from the command id,
/// so a retried creation lands on the same character and is recognised as a repeat.
/// </summary>
public sealed record CreateCharacter(
    string Name,
    int MaximumHitPoints,
    IReadOnlyList<DamageType>? Resistances = null,
    IReadOnlyList<DamageType>? Vulnerabilities = null,
    IReadOnlyList<DamageType>? Immunities = null,
    string? CharacterId = null,
    int Level = CharacterHitPoints.MinLevel,
    HitDie? HitDie = null,
    int ConstitutionModifier = 0,
    Guid? CommandId = null,
    Guid? CorrelationId = null) : IRequest<Result<CommandResult>>, IAggregateCommand
{
    string IAggregateCommand.AggregateId => CharacterId ?? throw new InvalidOperationException("The handler names the character first.");

    long? IAggregateCommand.ExpectedVersion => null;
}

internal sealed class CreateCharacterValidator : AbstractValidator<CreateCharacter>
{
    public CreateCharacterValidator()
    {
        RuleFor(c => c.Name).Cascade(CascadeMode.Stop)
            .Must(n => !string.IsNullOrWhiteSpace(n)).WithMessage("A name is required.")
            .MustBeCleanText("A name", CharacterHitPoints.MaxNameLength);
        RuleFor(c => c.MaximumHitPoints)
            .InclusiveBetween(CharacterHitPoints.MinMaximumHitPoints, CharacterHitPoints.MaxMaximumHitPoints)
            .WithMessage($"Maximum hit points are between {CharacterHitPoints.MinMaximumHitPoints} and {CharacterHitPoints.MaxMaximumHitPoints}.");
        RuleForEach(c => c.Resistances).IsInEnum().WithMessage("Unknown damage type.");
        RuleForEach(c => c.Vulnerabilities).IsInEnum().WithMessage("Unknown damage type.");
        RuleForEach(c => c.Immunities).IsInEnum().WithMessage("Unknown damage type.");
        RuleFor(c => c.HitDie).IsInEnum().WithMessage("A Hit Die is d6, d8, d10 or d12.");
        RuleFor(c => c.ConstitutionModifier).MustBeConstitutionModifier();
        When(c => c.CharacterId is not null, () => RuleFor(c => c.CharacterId!).MustBeId());
        RuleFor(c => c.CommandId).MustBeCommandId();
    }
}

internal sealed class CreateCharacterHandler(CommandService<CharacterHitPoints, CharacterEvent> commands)
    : IRequestHandler<CreateCharacter, Result<CommandResult>>
{
    public Task<Result<CommandResult>> Handle(CreateCharacter request, CancellationToken cancellationToken)
    {
        // The id and command id are fixed before the request is fingerprinted, so a retry (same key, no id) is the same request.
        var commandId = request.CommandId ?? Guid.NewGuid();
        var command = request with { CommandId = commandId, CharacterId = request.CharacterId ?? commandId.ToString("N") };
        return commands.RunAsync(
            command,
            nameof(CreateCharacter),
            state => CharacterHitPoints.Create(
                state,
                request.Name,
                request.MaximumHitPoints,
                request.Resistances,
                request.Vulnerabilities,
                request.Immunities,
                request.Level,
                request.HitDie,
                request.ConstitutionModifier),
            cancellationToken);
    }
}
