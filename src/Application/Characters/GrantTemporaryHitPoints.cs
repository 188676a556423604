using Application.Common;
using Domain;
using EventSourcing;
using FluentValidation;
using MediatR;

namespace Application.Characters;

/// <summary>Grants temporary hit points. They do not stack: the higher value stays unless <c>Replace</c> takes the new ones.</summary>
public sealed record GrantTemporaryHitPoints(
    string CharacterId,
    int Amount,
    string? Source = null,
    bool Replace = false,
    Guid? CommandId = null,
    long? ExpectedVersion = null,
    Guid? CorrelationId = null) : IRequest<Result<CommandResult>>, ICharacterCommand;

internal sealed class GrantTemporaryHitPointsValidator : AbstractValidator<GrantTemporaryHitPoints>
{
    public GrantTemporaryHitPointsValidator()
    {
        this.IncludeCharacterCommandRules();
        RuleFor(c => c.Amount).MustBeAmount("Temporary hit points");
        RuleFor(c => c.Source).MustBeOptionalSource();
    }
}

internal sealed class GrantTemporaryHitPointsHandler(CommandService<CharacterHitPoints, CharacterEvent> commands) : IRequestHandler<GrantTemporaryHitPoints, Result<CommandResult>>
{
    public Task<Result<CommandResult>> Handle(GrantTemporaryHitPoints request, CancellationToken cancellationToken) =>
        commands.RunAsync(request, nameof(GrantTemporaryHitPoints), state => state.GrantTemporaryHitPoints(request.Amount, request.Source, request.Replace), cancellationToken);
}
