using System.Threading.RateLimiting;

namespace Api.Http;

/// <summary>
/// A fixed-window limiter whose refusals say how long is really left in the window. The framework's
/// <see cref="FixedWindowRateLimiter"/> always reports the whole window as its Retry-After; its windows start when it
/// is created and renew every <see cref="FixedWindowRateLimiterOptions.Window"/> (auto-replenishment), so the time to
/// the next renewal is counted from that start.
/// </summary>
internal sealed class FixedWindowWithTimeLeft : RateLimiter
{
    private readonly FixedWindowRateLimiter _inner;
    private readonly TimeSpan _window;
    private readonly TimeProvider _clock;
    private readonly long _start;

    public FixedWindowWithTimeLeft(FixedWindowRateLimiterOptions options, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(options);
        _window = options.Window;
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
        _start = clock.GetTimestamp();
        _inner = new FixedWindowRateLimiter(options);
    }

    public override TimeSpan? IdleDuration => _inner.IdleDuration;

    /// <summary>The time until the current window ends: more than zero, at most one window.</summary>
    public TimeSpan TimeLeft
    {
        get
        {
            var into = _clock.GetElapsedTime(_start).Ticks % _window.Ticks;
            return TimeSpan.FromTicks(_window.Ticks - into);
        }
    }

    public override RateLimiterStatistics? GetStatistics() => _inner.GetStatistics();

    protected override RateLimitLease AttemptAcquireCore(int permitCount) => WithTimeLeft(_inner.AttemptAcquire(permitCount));

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken) =>
        WithTimeLeft(await _inner.AcquireAsync(permitCount, cancellationToken).ConfigureAwait(false));

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }

    protected override async ValueTask DisposeAsyncCore()
    {
        await _inner.DisposeAsync().ConfigureAwait(false);
        await base.DisposeAsyncCore().ConfigureAwait(false);
    }

    private RateLimitLease WithTimeLeft(RateLimitLease lease) => lease.IsAcquired ? lease : new Refused(lease, TimeLeft);

    private sealed class Refused(RateLimitLease inner, TimeSpan retryAfter) : RateLimitLease
    {
        public override bool IsAcquired => false;

        public override IEnumerable<string> MetadataNames => inner.MetadataNames.Append(MetadataName.RetryAfter.Name).Distinct(StringComparer.Ordinal);

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            if (metadataName == MetadataName.RetryAfter.Name)
            {
                metadata = retryAfter;
                return true;
            }

            return inner.TryGetMetadata(metadataName, out metadata);
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
