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
    private int _count;

    public bool Vouches(string stream, long expectedVersion) =>
        expectedVersion == -1 || (_heads.TryGetValue(stream, out var head) && expectedVersion <= head);

    /// <summary>Drops what is known of the stream; the count is left as is (it only clears the map a little sooner).</summary>
    public void Forget(string stream) => _heads.TryRemove(stream, out _);

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
