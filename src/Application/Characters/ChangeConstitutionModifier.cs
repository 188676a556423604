using Application.Common;
using Domain;
using EventSourcing;
using FluentValidation;
using MediatR;

namespace Application.Characters;

/// <summary>A new Constitution modifier, applied to the maximum as if the character had always had it.</summary>
public sealed record ChangeConstitutionModifier(
    string CharacterId,
    int ConstitutionModifier,
    Guid? CommandId = null,
    long? ExpectedVersion = null,
    Guid? CorrelationId = null) : IRequest<Result<CommandResult>>, ICharacterCommand;

internal sealed class ChangeConstitutionModifierValidator : AbstractValidator<ChangeConstitutionModifier>
{
    public ChangeConstitutionModifierValidator()
    {
        this.IncludeCharacterCommandRules();
        RuleFor(c => c.ConstitutionModifier).MustBeConstitutionModifier();
    }
}

internal sealed class ChangeConstitutionModifierHandler(CommandService<CharacterHitPoints, CharacterEvent> commands) : IRequestHandler<ChangeConstitutionModifier, Result<CommandResult>>
{
    public Task<Result<CommandResult>> Handle(ChangeConstitutionModifier request, CancellationToken cancellationToken) =>
        commands.RunAsync(request, nameof(ChangeConstitutionModifier), state => state.ChangeConstitutionModifier(request.ConstitutionModifier), cancellationToken);
}
