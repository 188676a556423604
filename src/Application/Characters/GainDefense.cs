using Application.Common;
using Domain;
using EventSourcing;
using FluentValidation;
using MediatR;

namespace Application.Characters;

/// <summary>A resistance, vulnerability or immunity to <c>DamageTypes</c> gained from <c>Source</c> (rage, potion, spell).</summary>
public sealed record GainDefense(
    string CharacterId,
    Defense Defense,
    IReadOnlyList<DamageType> DamageTypes,
    string Source,
    Guid? CommandId = null,
    long? ExpectedVersion = null,
    Guid? CorrelationId = null) : IRequest<Result<CommandResult>>, ICharacterCommand, IDefenseInput;

internal sealed class GainDefenseValidator : AbstractValidator<GainDefense>
{
    public GainDefenseValidator()
    {
        this.IncludeCharacterCommandRules();
        this.IncludeDefenseRules();
    }
}

internal sealed class GainDefenseHandler(CommandService<CharacterHitPoints, CharacterEvent> commands) : IRequestHandler<GainDefense, Result<CommandResult>>
{
    public Task<Result<CommandResult>> Handle(GainDefense request, CancellationToken cancellationToken) =>
        commands.RunAsync(request, nameof(GainDefense), state => state.GainDefense(request.Defense, request.DamageTypes, request.Source), cancellationToken);
}
