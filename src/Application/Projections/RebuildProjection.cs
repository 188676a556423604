using Application.Common;
using EventSourcing;
using FluentValidation;
using MediatR;

namespace Application.Projections;

/// <summary>Starts a projection again from the events: its rows are deleted and written from each stream's replay.</summary>
public sealed record RebuildProjection(string Name) : IRequest<Result<ProjectionRebuilt>>;

public sealed record ProjectionRebuilt(string Name, int Rows);

internal sealed class RebuildProjectionValidator : AbstractValidator<RebuildProjection>
{
    public RebuildProjectionValidator() => RuleFor(c => c.Name).NotEmpty().WithMessage("A projection name is required.").MaximumLength(100);
}

internal sealed class RebuildProjectionHandler(ProjectionMaintenance maintenance) : IRequestHandler<RebuildProjection, Result<ProjectionRebuilt>>
{
    public async Task<Result<ProjectionRebuilt>> Handle(RebuildProjection request, CancellationToken cancellationToken)
    {
        var projection = maintenance.Find(request.Name);
        if (projection is null)
        {
            return new NotFoundError("projection", request.Name);
        }

        var rows = await maintenance.RebuildAsync(projection, cancellationToken).ConfigureAwait(false);
        return new ProjectionRebuilt(projection.Name, rows);
    }
}
