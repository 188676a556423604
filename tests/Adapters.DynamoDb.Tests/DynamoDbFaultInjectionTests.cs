using System.Collections.Concurrent;
using System.Diagnostics;
using Application.Characters;
using Application.Common;
using EventSourcing;
using Domain;
using MediatR;
using Microsoft.Extensions.DependencyInjection;

namespace Adapters.DynamoDb.Tests;

/// <summary>
/// 2,000 commands through the real application layer while 5% of requests fail before reaching DynamoDB and 5%
/// reach it but lose their answer. Callers retry with the same command id, as a client after a timeout would.
/// </summary>
public sealed class DynamoDbFaultInjectionTests(EventTableFixture table, ITestOutputHelper output) : IClassFixture<EventTableFixture>
{
    private const int Characters = 4;
    private const int WritersPerCharacter = 2;
    private const int CommandsPerWriter = 250;
    private const int AttemptsPerCommand = 3;

    [Fact]
    public async Task Given_5_percent_failed_and_5_percent_lost_requests_When_2000_commands_are_retried_Then_no_gap_no_double_and_every_acknowledged_command_is_stored()
    {
        var faults = new FaultInjector(failBeforeSending: 0.05, loseResponse: 0.05, seed: 20261122);
        await using var provider = ApplicationHost.Build(table, InterceptingClient.Wrap(table.Client, faults));
        var characters = Enumerable.Range(0, Characters).Select(_ => Guid.NewGuid().ToString("N")).ToList();
        foreach (var id in characters)
        {
            await SendUntilDoneAsync(provider, new CreateCharacter("Tank", 1000, CharacterId: id, CommandId: Guid.NewGuid()));
        }

        var acknowledged = new ConcurrentDictionary<Guid, (string Character, long Version)>();
        var unacknowledged = new ConcurrentDictionary<Guid, string>();
        var clock = Stopwatch.StartNew();
        var writers = characters.SelectMany(character => Enumerable.Range(0, WritersPerCharacter).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < CommandsPerWriter; i++)
            {
                var commandId = Guid.NewGuid();
                var command = new DealDamage(character, 1, DamageType.Slashing, Source: "goblin", CommandId: commandId);
                if (await TrySendAsync(provider, command) is { } version)
                {
                    acknowledged[commandId] = (character, version);
                }
                else
                {
                    unacknowledged[commandId] = character;
                }
            }
        })));
        await Task.WhenAll(writers);
        clock.Stop();
        faults.Enabled = false;

        var store = table.NewStore();
        var presentUnacknowledged = 0;
        foreach (var character in characters)
        {
            var events = await TestEvents.ReadAll(store, new StreamId(Application.Events.CharacterEventTypes.Category, character));
            Assert.Equal(Enumerable.Range(0, events.Count).Select(v => (long)v), events.Select(e => e.Version));

            var commits = Commits(events);
            var byCommand = commits.GroupBy(c => c.CommandId).ToDictionary(g => g.Key, g => g.ToList());
            Assert.All(byCommand, kv => Assert.True(kv.Value.Count == 1, $"Command {kv.Key} was committed {kv.Value.Count} times."));

            foreach (var (commandId, (_, version)) in acknowledged.Where(a => a.Value.Character == character))
            {
                Assert.True(byCommand.TryGetValue(commandId, out var commit), $"Acknowledged command {commandId} is missing.");
                Assert.Equal(version, commit![0].Last);
            }

            presentUnacknowledged += unacknowledged.Count(u => u.Value == character && byCommand.ContainsKey(u.Key));
            var damageCommits = commits.Count - 1;
            Assert.Equal(acknowledged.Count(a => a.Value.Character == character) + unacknowledged.Count(u => u.Value == character && byCommand.ContainsKey(u.Key)), damageCommits);

            using var scope = provider.CreateScope();
            var view = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new GetCharacter(character));
            Assert.Equal(1000 - damageCommits, view.Value.CurrentHitPoints);
        }

        output.WriteLine($"{Characters * WritersPerCharacter * CommandsPerWriter} commands in {clock.Elapsed.TotalSeconds:F1} s; {faults.Requests} requests, " +
            $"{faults.FailedBeforeSending} failed before sending, {faults.LostResponses} lost their response.");
        output.WriteLine($"Acknowledged: {acknowledged.Count}; unacknowledged after {AttemptsPerCommand} attempts: {unacknowledged.Count} " +
            $"({presentUnacknowledged} stored once, {unacknowledged.Count - presentUnacknowledged} not stored).");
        Assert.Equal(Characters * WritersPerCharacter * CommandsPerWriter, acknowledged.Count + unacknowledged.Count);
        Assert.True(faults.FailedBeforeSending > 100 && faults.LostResponses > 100, "The faults did not happen often enough to prove anything.");
        Assert.True(acknowledged.Count > 1500);
    }

    /// <summary>Sends with the same command id until it is acknowledged, at most <see cref="AttemptsPerCommand"/> times.</summary>
    private static async Task<long?> TrySendAsync(IServiceProvider provider, IRequest<Result<CommandResult>> command)
    {
        for (var attempt = 1; attempt <= AttemptsPerCommand; attempt++)
        {
            try
            {
                using var scope = provider.CreateScope();
                var result = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(command);
                if (result.IsSuccess)
                {
                    return result.Value.Version;
                }

                Assert.IsType<ConflictError>(result.Error);
            }
            catch (EventStoreUnavailableException)
            {
                // What a timed-out client does: send the same command again.
            }
        }

        return null;
    }

    private static async Task SendUntilDoneAsync(IServiceProvider provider, IRequest<Result<CommandResult>> command)
    {
        for (var attempt = 0; attempt < 20; attempt++)
        {
            if (await TrySendAsync(provider, command) is not null)
            {
                return;
            }
        }

        Assert.Fail("The command never got through.");
    }

    private static List<(Guid CommandId, long First, long Last)> Commits(IReadOnlyList<EventEnvelope> events)
    {
        var commits = new List<(Guid CommandId, long First, long Last)>();
        foreach (var e in events)
        {
            if (commits.Count > 0 && commits[^1].CommandId == e.Metadata.CommandId)
            {
                commits[^1] = commits[^1] with { Last = e.Version };
            }
            else
            {
                commits.Add((e.Metadata.CommandId, e.Version, e.Version));
            }
        }

        return commits;
    }
}
