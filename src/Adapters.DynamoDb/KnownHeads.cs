using System.Collections.Concurrent;

namespace Adapters.DynamoDb;

/// <summary>
/// For each stream, the highest version this process has seen exist (from loads, reads, appends and conflicts).
/// Why it is safe: versions are written contiguously and never deleted, so once item v was seen, every version up
/// to v exists for good. An append at expected version e &lt;= that is "vouched": item e surely exists, and the
/// write's own attribute_not_exists on e+1 is the whole concurrency check, so no ConditionCheck (and no
/// transaction) is needed to rule out a gap. Forgetting is always safe: it only costs the next append of that
/// stream a transaction with a ConditionCheck, so the map is simply cleared when it grows past its bound.
/// Items deleted by hand break that premise: a load or read that finds a hole forgets the stream (see
/// <see cref="Forget"/>), and only versions actually read (never a snapshot's version alone) are observed.
/// </summary>
internal sealed class KnownHeads(int capacity = KnownHeads.DefaultCapacity)
{
    public const int DefaultCapacity = 100_000;

    private readonly ConcurrentDictionary<string, long> _heads = new(StringComparer.Ordinal);

    // The newest usable snapshot version a load saw or this process wrote (-1: none). Only a hint for how many events
    // a load should ask for: a wrong value costs a few read units or one more request, never a wrong state.
    private readonly ConcurrentDictionary<string, long> _snapshots = new(StringComparer.Ordinal);
    private int _count;

    public bool Vouches(string stream, long expectedVersion) =>
        expectedVersion == -1 || (_heads.TryGetValue(stream, out var head) && expectedVersion <= head);

    /// <summary>The highest version seen to exist, if any.</summary>
    public long? Head(string stream) => _heads.TryGetValue(stream, out var head) ? head : null;

    /// <summary>The snapshot version last seen (-1: the last load found none), or null when nothing is known.</summary>
    public long? Snapshot(string stream) => _snapshots.TryGetValue(stream, out var version) ? version : null;

    public void ObserveSnapshot(string stream, long version)
    {
        if (_snapshots.Count >= capacity)
        {
            _snapshots.Clear();
        }

        _snapshots.AddOrUpdate(stream, version, (_, current) => Math.Max(current, version));
    }

    /// <summary>A load found no usable snapshot (none, or another schema): replaces what was known.</summary>
    public void ObserveNoSnapshot(string stream)
    {
        if (_snapshots.Count >= capacity)
        {
            _snapshots.Clear();
        }

        _snapshots[stream] = -1;
    }

    /// <summary>Drops what is known of the stream; the count is left as is (it only clears the map a little sooner).</summary>
    public void Forget(string stream)
    {
        _heads.TryRemove(stream, out _);
        _snapshots.TryRemove(stream, out _);
    }

    public void Observe(string stream, long version)
    {
        if (version < 0)
        {
            return;
        }

        while (true)
        {
            if (_heads.TryGetValue(stream, out var current))
            {
                if (current >= version || _heads.TryUpdate(stream, version, current))
                {
                    return;
                }
            }
            else if (_heads.TryAdd(stream, version))
            {
                if (Interlocked.Increment(ref _count) > capacity)
                {
                    _heads.Clear();
                    Interlocked.Exchange(ref _count, 0);
                }

                return;
            }
        }
    }
}
