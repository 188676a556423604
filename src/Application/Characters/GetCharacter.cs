using EventSourcing;
using Application.Common;
using Domain;
using FluentValidation;
using MediatR;

namespace Application.Characters;

/// <summary>A character's current hit points, condition, level, Hit Dice, defences and version, folded from its events.</summary>
public sealed record GetCharacter(string CharacterId) : IRequest<Result<CharacterView>>;

public sealed record CharacterView(
    string CharacterId,
    string Name,
    int MaximumHitPoints,
    int CurrentHitPoints,
    int TemporaryHitPoints,
    Condition Condition,
    int DeathSaveSuccesses,
    int DeathSaveFailures,
    IReadOnlyList<DamageType> Resistances,
    IReadOnlyList<DamageType> Vulnerabilities,
    IReadOnlyList<DamageType> Immunities,
    long Version,
    int Level,
    HitDie? HitDie,
    int HitDiceLeft,
    int ConstitutionModifier,
    int BaseMaximumHitPoints,
    int MaximumReduction,
    IReadOnlyList<MaximumIncrease> MaximumIncreases,
    IReadOnlyList<DefenseGrant> Defenses);

internal sealed class GetCharacterValidator : AbstractValidator<GetCharacter>
{
    public GetCharacterValidator() => RuleFor(q => q.CharacterId).MustBeId();
}

internal sealed class GetCharacterHandler(AggregateStreams<CharacterHitPoints, CharacterEvent> streams) : IRequestHandler<GetCharacter, Result<CharacterView>>
{
    public async Task<Result<CharacterView>> Handle(GetCharacter request, CancellationToken cancellationToken)
    {
        var stream = await streams.LoadAsync(request.CharacterId, cancellationToken).ConfigureAwait(false);
        if (!stream.Exists)
        {
            return new NotFoundError("character", request.CharacterId);
        }

        var s = stream.State;
        return new CharacterView(
            request.CharacterId,
            s.Name,
            s.MaximumHitPoints,
            s.CurrentHitPoints,
            s.TemporaryHitPoints,
            s.Condition,
            s.DeathSaveSuccesses,
            s.DeathSaveFailures,
            s.Resistances,
            s.Vulnerabilities,
            s.Immunities,
            stream.Version,
            s.Level,
            s.HitDie,
            s.HitDiceLeft,
            s.ConstitutionModifier,
            s.BaseMaximumHitPoints,
            s.MaximumReduction,
            s.MaximumIncreases,
            s.Defenses);
    }
}
