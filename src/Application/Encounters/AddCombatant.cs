using Application.Common;
using Domain;
using EventSourcing;
using FluentValidation;
using MediatR;

namespace Application.Encounters;

/// <summary>
/// A combatant joins mid-fight: an existing character (<see cref="CharacterId"/>) or a creature by name
/// (<see cref="CreatureName"/>), exactly one of the two. Once turns have started it needs its <see cref="Initiative"/>.
/// </summary>
public sealed record AddCombatant(
    string EncounterId,
    string? CharacterId = null,
    string? CreatureName = null,
    int? Initiative = null,
    int? TieBreaker = null,
    Guid? CommandId = null,
    long? ExpectedVersion = null,
    Guid? CorrelationId = null) : IRequest<Result<CommandResult>>, IEncounterCommand;

internal sealed class AddCombatantValidator : AbstractValidator<AddCombatant>
{
    public AddCombatantValidator()
    {
        this.IncludeEncounterCommandRules();
        RuleFor(c => c).Must(c => (c.CharacterId is null) != (c.CreatureName is null))
            .OverridePropertyName("characterId").WithMessage("Give either a character id or a creature's name, not both.");
        When(c => c.CharacterId is not null, () => RuleFor(c => c.CharacterId!).MustBeId());
        When(c => c.CreatureName is not null, () => RuleFor(c => c.CreatureName).MustBeCreatureName());
        RuleFor(c => c.Initiative!.Value).MustBeInitiative().When(c => c.Initiative is not null).OverridePropertyName("initiative");
        RuleFor(c => c.TieBreaker).MustBeTieBreaker();
    }
}

internal sealed class AddCombatantHandler(
    CommandService<Encounter, EncounterEvent> commands,
    AggregateStreams<CharacterHitPoints, CharacterEvent> characters) : IRequestHandler<AddCombatant, Result<CommandResult>>
{
    public async Task<Result<CommandResult>> Handle(AddCombatant request, CancellationToken cancellationToken)
    {
        var name = request.CreatureName;
        if (request.CharacterId is { } id)
        {
            var character = await characters.LoadAsync(id, cancellationToken).ConfigureAwait(false);
            if (!character.Exists)
            {
                return new NotFoundError("character", id);
            }

            name = character.State.Name;
        }

        var kind = request.CharacterId is null ? CombatantKind.Creature : CombatantKind.Character;
        return await commands.RunAsync(
            request,
            nameof(AddCombatant),
            state => state.AddCombatant(request.CharacterId, name!, kind, request.Initiative, request.TieBreaker),
            cancellationToken).ConfigureAwait(false);
    }
}
