using Application.Common;
using Domain;
using EventSourcing;
using FluentValidation;
using MediatR;

namespace Application.Characters;

/// <summary>Stabilises a dying character without three successes: a Wisdom (Medicine) check (<c>Check</c> is its total), Spare the Dying or a healer's kit; <c>By</c> names who did it.</summary>
public sealed record Stabilize(
    string CharacterId,
    StabilizationMethod Method,
    string? By = null,
    int? Check = null,
    Guid? CommandId = null,
    long? ExpectedVersion = null,
    Guid? CorrelationId = null) : IRequest<Result<CommandResult>>, ICharacterCommand;

internal sealed class StabilizeValidator : AbstractValidator<Stabilize>
{
    public StabilizeValidator()
    {
        this.IncludeCharacterCommandRules();
        RuleFor(c => c.Method).IsInEnum().WithMessage("Unknown stabilisation method.");
        RuleFor(c => c.By).MustBeOptionalSource("Who stabilised the character");
        RuleFor(c => c.Check).InclusiveBetween(CharacterValidationRules.MinCheck, CharacterValidationRules.MaxCheck)
            .WithMessage($"A check's total is between {CharacterValidationRules.MinCheck} and {CharacterValidationRules.MaxCheck}.");
    }
}

internal sealed class StabilizeHandler(CommandService<CharacterHitPoints, CharacterEvent> commands) : IRequestHandler<Stabilize, Result<CommandResult>>
{
    public Task<Result<CommandResult>> Handle(Stabilize request, CancellationToken cancellationToken) =>
        commands.RunAsync(request, nameof(Stabilize), state => state.Stabilize(request.Method, request.By, request.Check), cancellationToken);
}
