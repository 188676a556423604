using Application.Common;
using FluentValidation;
using MediatR;

namespace Application.Characters;

/// <summary>A long rest: full hit points, no temporary hit points, death saves cleared.</summary>
public sealed record TakeLongRest(
    string CharacterId,
    Guid? CommandId = null,
    long? ExpectedVersion = null,
    Guid? CorrelationId = null) : IRequest<Result<CommandResult>>, ICharacterCommand;

internal sealed class TakeLongRestValidator : AbstractValidator<TakeLongRest>
{
    public TakeLongRestValidator()
    {
        this.IncludeCharacterCommandRules();
    }
}

internal sealed class TakeLongRestHandler(CharacterCommandRunner runner) : IRequestHandler<TakeLongRest, Result<CommandResult>>
{
    public Task<Result<CommandResult>> Handle(TakeLongRest request, CancellationToken cancellationToken) =>
        runner.RunAsync(request, nameof(TakeLongRest), state => state.TakeLongRest(), cancellationToken);
}
