using Application;
using Application.Characters;
using EventSourcing;
using Application.Events;
using Domain;
using DynamoDbLocal;
using Hosting;
using MediatR;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Hosting.Snapshots;

namespace Worker.Tests;

/// <summary>The worker host's composition against the real DynamoDB Local: flags, snapshots and a restart mid-batch.</summary>
public sealed class SnapshotWorkerDynamoDbTests(DynamoDbLocalFixture dynamo) : IClassFixture<DynamoDbLocalFixture>, IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private readonly string _table = DynamoDbLocalServer.NewTableName("worker-tests");

    [Fact]
    public async Task Given_flagged_streams_in_DynamoDB_When_a_worker_is_stopped_mid_batch_and_another_starts_Then_all_are_snapshotted_and_nothing_is_lost()
    {
        // Commands from a host without the job (an API, say) flag their streams in the table.
        string[] ids = ["d0", "d1", "d2", "d3", "d4", "d5"];
        using (var commands = Build(new() { ["Worker:Enabled"] = "false", ["Application:SnapshotOnCommandPath"] = "false" }))
        {
            await commands.StartAsync();
            foreach (var id in ids)
            {
                Assert.True((await SendAsync(commands, new CreateCharacter(id, 100, CharacterId: id))).IsSuccess);
                for (var i = 0; i < 5; i++)
                {
                    Assert.True((await SendAsync(commands, new DealDamage(id, 1, DamageType.Lightning))).IsSuccess);
                }
            }

            var due = await commands.Services.GetRequiredService<ISnapshotSchedule>().ListDueAsync(CharacterEventTypes.Category, 100);
            Assert.Equal(ids, due.Select(d => d.StreamId.Id).Order());
            await commands.StopAsync();
        }

        // The first worker is stopped while it writes its third snapshot, and abandons it.
        var writes = 0;
        var thirdStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (var first = Build([], hooked => hooked.BeforeSnapshotWrite = async (_, _, ct) =>
        {
            if (Interlocked.Increment(ref writes) == 3)
            {
                thirdStarted.SetResult();
                await Task.Delay(Timeout.Infinite, ct);
            }
        }))
        {
            await first.StartAsync();
            await thirdStarted.Task.WaitAsync(Patience);
            await first.StopAsync();
            Assert.Equal(2, (await SnapshotVersionsAsync(first, ids)).Count(v => v == 5));
            Assert.Equal(4, (await first.Services.GetRequiredService<ISnapshotSchedule>().ListDueAsync(CharacterEventTypes.Category, 100)).Count);
        }

        // A new worker finishes the batch.
        using var second = Build([], watchClears: true);
        var schedule = (HookedSchedule)second.Services.GetRequiredService<ISnapshotSchedule>();
        await second.StartAsync();
        await schedule.WhenClearedAsync(4).WaitAsync(Patience);
        await second.StopAsync();
        Assert.Empty(await schedule.ListDueAsync(CharacterEventTypes.Category, 100));
        Assert.All(await SnapshotVersionsAsync(second, ids), v => Assert.Equal(5, v));
        foreach (var id in ids)
        {
            var character = (await SendAsync(second, new GetCharacter(id))).Value;
            Assert.Equal((95, 5L), (character.CurrentHitPoints, character.Version));
            Assert.Equal(6, (await SendAsync(second, new GetHistory(id))).Value.Events.Count);
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => dynamo.Server.DeleteTableAsync(_table);

    private IHost Build(Dictionary<string, string?> settings, Action<HookedEventStore>? hook = null, bool watchClears = false)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration
            .AddInMemoryCollection(dynamo.Server.ConfigurationFor(_table))
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["EventStore:Provider"] = "DynamoDb",
                ["Application:SnapshotInterval"] = "5",
                ["Worker:PollInterval"] = "00:00:00.050",
                ["Worker:ShutdownGrace"] = "00:00:00",
            })
            .AddInMemoryCollection(settings);
        builder.Services
            .AddApplication(builder.Configuration)
            .AddEventStoreFromConfiguration(builder.Configuration)
            .AddSnapshotWorker(builder.Configuration);
        if (hook is not null)
        {
            // Wraps whatever store the adapter registered, to stop the worker at an exact point.
            var adapter = builder.Services.Last(d => d.ServiceType == typeof(IEventStore));
            builder.Services.Remove(adapter);
            builder.Services.AddSingleton<IEventStore>(sp =>
            {
                var hooked = new HookedEventStore(Resolve<IEventStore>(adapter, sp));
                hook(hooked);
                return hooked;
            });
        }

        if (watchClears)
        {
            // Wraps the adapter's schedule so the test can wait for the job's clears instead of polling.
            var adapter = builder.Services.Last(d => d.ServiceType == typeof(ISnapshotSchedule));
            builder.Services.Remove(adapter);
            builder.Services.AddSingleton<ISnapshotSchedule>(sp => new HookedSchedule(Resolve<ISnapshotSchedule>(adapter, sp)));
        }

        return builder.Build();
    }

    private static T Resolve<T>(ServiceDescriptor descriptor, IServiceProvider services) =>
        (T)(descriptor.ImplementationInstance
            ?? descriptor.ImplementationFactory?.Invoke(services)
            ?? ActivatorUtilities.CreateInstance(services, descriptor.ImplementationType!));

    private static async Task<EventSourcing.Result<T>> SendAsync<T>(IHost host, IRequest<EventSourcing.Result<T>> request)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(request);
    }

    private static async Task<List<long?>> SnapshotVersionsAsync(IHost host, IEnumerable<string> ids)
    {
        var store = host.Services.GetRequiredService<IEventStore>();
        var versions = new List<long?>();
        foreach (var id in ids)
        {
            versions.Add(await SnapshotJobTests.SnapshotVersionAsync(store, id));
        }

        return versions;
    }
}
