using EventSourcing;
using MediatR;

namespace Application.Projections;

/// <summary>Compares every projection's rows with a replay of their streams and lists each difference.</summary>
public sealed record VerifyProjections : IRequest<Result<ProjectionVerification>>;

public sealed record ProjectionVerification(IReadOnlyList<string> Projections, IReadOnlyList<ProjectionDifference> Differences);

internal sealed class VerifyProjectionsHandler(ProjectionMaintenance maintenance) : IRequestHandler<VerifyProjections, Result<ProjectionVerification>>
{
    public async Task<Result<ProjectionVerification>> Handle(VerifyProjections request, CancellationToken cancellationToken)
    {
        var differences = await maintenance.VerifyAsync(cancellationToken).ConfigureAwait(false);
        return new ProjectionVerification([.. maintenance.Projections.Select(p => p.Name)], differences);
    }
}
