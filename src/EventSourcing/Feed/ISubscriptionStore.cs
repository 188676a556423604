namespace EventSourcing;

/// <summary>
/// A worker's hold on one shard of one subscription, with the shard's checkpoint. <see cref="Token"/> increases with
/// every change of owner, so a checkpoint written by a worker that lost the lease is refused (fencing).
/// </summary>
public sealed record SubscriptionLease(string Subscription, int Shard, string Owner, long Token, DateTimeOffset ExpiresAt, string Checkpoint);

/// <summary>What a shard looks like from outside: its owner, when that owner's lease ends, and its checkpoint.</summary>
public sealed record ShardState(int Shard, string? Owner, DateTimeOffset ExpiresAt, string Checkpoint, DateTimeOffset CheckpointedAt);

/// <summary>
/// Leases and checkpoints of subscriptions, one record per (subscription, shard). Every write is conditional, so two
/// workers never both hold a shard, and only the holder moves its checkpoint.
/// </summary>
public interface ISubscriptionStore
{
    /// <summary>
    /// Takes the shard when it is free, its lease has expired, or <paramref name="owner"/> already holds it (a renewal).
    /// Null when another owner holds a live lease.
    /// </summary>
    Task<SubscriptionLease?> TryAcquireAsync(
        string subscription, int shard, string owner, TimeSpan duration, CancellationToken cancellationToken = default);

    /// <summary>Moves the checkpoint forward, only while <paramref name="lease"/> is still the shard's lease. False when it was lost.</summary>
    Task<bool> CheckpointAsync(SubscriptionLease lease, string checkpoint, CancellationToken cancellationToken = default);

    /// <summary>Gives the shard up (its checkpoint stays) so another worker may take it at once.</summary>
    Task ReleaseAsync(SubscriptionLease lease, CancellationToken cancellationToken = default);

    /// <summary>Every shard's record of the subscription (strongly consistent).</summary>
    Task<IReadOnlyList<ShardState>> ListAsync(string subscription, CancellationToken cancellationToken = default);

    /// <summary>Forgets every checkpoint and lease of the subscription: it starts again from the beginning.</summary>
    Task ResetAsync(string subscription, int shards, CancellationToken cancellationToken = default);
}
