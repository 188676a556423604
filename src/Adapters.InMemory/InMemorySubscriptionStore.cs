using EventSourcing;

namespace Adapters.InMemory;

/// <summary>Leases and checkpoints in memory, with the DynamoDB adapter's conditions.</summary>
public sealed class InMemorySubscriptionStore(TimeProvider? clock = null) : ISubscriptionStore
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private readonly Dictionary<(string, int), Record> _records = [];

    public Task<SubscriptionLease?> TryAcquireAsync(
        string subscription, int shard, string owner, TimeSpan duration, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(owner);
        var now = _clock.GetUtcNow();
        lock (_records)
        {
            var record = _records.GetValueOrDefault((subscription, shard)) ?? new Record(null, 0, DateTimeOffset.MinValue, FeedKeys.Start, now, TimeSpan.Zero);
            if (record.Owner is not null && record.Owner != owner && record.ExpiresAt > now)
            {
                return Task.FromResult<SubscriptionLease?>(null);
            }

            var token = record.Owner == owner && record.ExpiresAt > now ? record.Token : record.Token + 1;
            var held = record with { Owner = owner, Token = token, ExpiresAt = now + duration, Duration = duration };
            _records[(subscription, shard)] = held;
            return Task.FromResult<SubscriptionLease?>(new SubscriptionLease(subscription, shard, owner, token, held.ExpiresAt, held.Checkpoint));
        }
    }

    public Task<bool> CheckpointAsync(SubscriptionLease lease, string checkpoint, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lease);
        var now = _clock.GetUtcNow();
        lock (_records)
        {
            if (!_records.TryGetValue((lease.Subscription, lease.Shard), out var record) || record.Owner != lease.Owner || record.Token != lease.Token)
            {
                return Task.FromResult(false);
            }

            _records[(lease.Subscription, lease.Shard)] = record with
            {
                Checkpoint = checkpoint,
                CheckpointedAt = now,
                ExpiresAt = now + record.Duration,
            };
            return Task.FromResult(true);
        }
    }

    public Task ReleaseAsync(SubscriptionLease lease, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lease);
        lock (_records)
        {
            if (_records.TryGetValue((lease.Subscription, lease.Shard), out var record) && record.Owner == lease.Owner && record.Token == lease.Token)
            {
                _records[(lease.Subscription, lease.Shard)] = record with { Owner = null, ExpiresAt = DateTimeOffset.MinValue };
            }
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<ShardState>> ListAsync(string subscription, CancellationToken cancellationToken = default)
    {
        lock (_records)
        {
            return Task.FromResult<IReadOnlyList<ShardState>>(
                [.. _records.Where(r => r.Key.Item1 == subscription).OrderBy(r => r.Key.Item2)
                    .Select(r => new ShardState(r.Key.Item2, r.Value.Owner, r.Value.ExpiresAt, r.Value.Checkpoint, r.Value.CheckpointedAt))]);
        }
    }

    public Task ResetAsync(string subscription, int shards, CancellationToken cancellationToken = default)
    {
        lock (_records)
        {
            foreach (var key in _records.Keys.Where(k => k.Item1 == subscription).ToList())
            {
                _records.Remove(key);
            }
        }

        return Task.CompletedTask;
    }

    private sealed record Record(string? Owner, long Token, DateTimeOffset ExpiresAt, string Checkpoint, DateTimeOffset CheckpointedAt, TimeSpan Duration);
}
