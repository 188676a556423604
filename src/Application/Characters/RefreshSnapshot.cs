using Application.Common;
using FluentValidation;
using MediatR;

namespace Application.Characters;

/// <summary>
/// Writes a fresh snapshot of a character when at least K events have been appended since its last one.
/// Used by the worker's snapshot job; safe to repeat and to run concurrently, because the store never
/// writes a snapshot over a newer one.
/// </summary>
public sealed record RefreshSnapshot(string CharacterId) : IRequest<Result<SnapshotRefresh>>;

public sealed record SnapshotRefresh(string CharacterId, long Version, bool Written);

internal sealed class RefreshSnapshotValidator : AbstractValidator<RefreshSnapshot>
{
    public RefreshSnapshotValidator() => RuleFor(q => q.CharacterId).MustBeCharacterId();
}

internal sealed class RefreshSnapshotHandler(CharacterStreams streams) : IRequestHandler<RefreshSnapshot, Result<SnapshotRefresh>>
{
    public async Task<Result<SnapshotRefresh>> Handle(RefreshSnapshot request, CancellationToken cancellationToken)
    {
        var stream = await streams.LoadAsync(request.CharacterId, cancellationToken).ConfigureAwait(false);
        if (!stream.State.Exists)
        {
            return new NotFoundError("character", request.CharacterId);
        }

        var written = streams.IsSnapshotStale(stream) && await streams.WriteSnapshotAsync(stream, cancellationToken).ConfigureAwait(false);
        return new SnapshotRefresh(request.CharacterId, stream.Version, written);
    }
}
