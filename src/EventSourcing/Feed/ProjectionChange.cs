namespace EventSourcing;

/// <summary>A row the feed processor has just written, with the events it applied to it, in version order.</summary>
public sealed record ProjectionChange(string Projection, ProjectionRow Row, IReadOnlyList<EventEnvelope> Events);

/// <summary>Told of every row the processor writes in this process (for live updates). Must not block.</summary>
public interface IProjectionObserver
{
    void OnApplied(ProjectionChange change);
}
