using Application.Common;
using Domain;
using EventSourcing;
using FluentValidation;
using MediatR;

namespace Application.Encounters;

/// <summary>
/// Starts an encounter with existing characters (by id) and creatures the DM runs without hit points on record (by name,
/// such as "goblin boss"). Without an encounter id, the id is derived from the command id, as a character's is.
/// </summary>
public sealed record StartEncounter(
    string Name,
    IReadOnlyList<string> CharacterIds,
    IReadOnlyList<string>? Creatures = null,
    string? EncounterId = null,
    Guid? CommandId = null,
    Guid? CorrelationId = null) : IRequest<Result<CommandResult>>, IAggregateCommand
{
    string IAggregateCommand.AggregateId => EncounterId ?? throw new InvalidOperationException("The handler names the encounter first.");

    long? IAggregateCommand.ExpectedVersion => null;
}

internal sealed class StartEncounterValidator : AbstractValidator<StartEncounter>
{
    public StartEncounterValidator()
    {
        RuleFor(c => c.Name).Cascade(CascadeMode.Stop)
            .Must(n => !string.IsNullOrWhiteSpace(n)).WithMessage("A name is required.")
            .MustBeCleanText("A name", Encounter.MaxNameLength);
        RuleFor(c => c.CharacterIds).Cascade(CascadeMode.Stop)
            .NotNull().WithMessage("Character ids are required (possibly none).")
            .Must(ids => ids.Distinct(StringComparer.Ordinal).Count() == ids.Count).WithMessage("Each character is named once.");
        RuleForEach(c => c.CharacterIds).NotEmpty().WithMessage("An id is required.")
            .MaximumLength(ValidationRules.MaxIdLength).WithMessage($"An id has at most {ValidationRules.MaxIdLength} characters.")
            .Matches("^[A-Za-z0-9_-]+$").WithMessage("An id uses only letters, digits, '-' and '_'.");
        RuleFor(c => c).Must(c => (c.CharacterIds?.Count ?? 0) + (c.Creatures?.Count ?? 0) is >= 1 and <= Encounter.MaxCombatants)
            .WithName("combatants").OverridePropertyName("combatants")
            .WithMessage($"An encounter starts with 1 to {Encounter.MaxCombatants} combatants.");
        RuleForEach(c => c.Creatures).MustBeCreatureName();
        When(c => c.EncounterId is not null, () => RuleFor(c => c.EncounterId!).MustBeId());
        RuleFor(c => c.CommandId).MustBeCommandId();
    }
}

internal sealed class StartEncounterHandler(
    CommandService<Encounter, EncounterEvent> commands,
    AggregateStreams<CharacterHitPoints, CharacterEvent> characters) : IRequestHandler<StartEncounter, Result<CommandResult>>
{
    public async Task<Result<CommandResult>> Handle(StartEncounter request, CancellationToken cancellationToken)
    {
        var loaded = await Task.WhenAll(request.CharacterIds.Select(id => characters.LoadAsync(id, cancellationToken))).ConfigureAwait(false);
        if (loaded.FirstOrDefault(s => !s.Exists) is { } missing)
        {
            return new NotFoundError("character", missing.StreamId.Id);
        }

        var commandId = request.CommandId ?? Guid.NewGuid();
        var command = request with { CommandId = commandId, EncounterId = request.EncounterId ?? commandId.ToString("N") };
        return await commands.RunAsync(
            command,
            nameof(StartEncounter),
            state => Encounter.Start(state, request.Name, [.. loaded.Select(s => (s.StreamId.Id, s.State.Name))], request.Creatures),
            cancellationToken).ConfigureAwait(false);
    }
}
