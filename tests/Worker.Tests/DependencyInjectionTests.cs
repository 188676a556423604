using Adapters.InMemory;
using Application.Common;
using EventSourcing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Hosting.Snapshots;

namespace Worker.Tests;

public sealed class DependencyInjectionTests
{
    [Theory]
    [InlineData(null, false)]
    [InlineData("true", false)]
    [InlineData("false", true)]
    public async Task Given_TakeOverSnapshots_When_the_worker_is_added_Then_commands_snapshot_only_if_it_is_off(string? takeOver, bool onCommandPath)
    {
        var settings = new Dictionary<string, string?> { ["Application:SnapshotOnCommandPath"] = "true" };
        if (takeOver is not null)
        {
            settings["Worker:TakeOverSnapshots"] = takeOver;
        }

        await using var rig = new WorkerRig(new InMemoryEventStore(), new InMemorySnapshotSchedule(), settings);

        Assert.Equal(onCommandPath, rig.Services.GetRequiredService<IOptions<EventSourcingOptions>>().Value.SnapshotOnCommandPath);
    }

    [Fact]
    public async Task Given_the_worker_is_disabled_When_it_is_added_Then_no_job_runs_and_commands_keep_snapshotting()
    {
        await using var rig = new WorkerRig(new InMemoryEventStore(), new InMemorySnapshotSchedule(), new Dictionary<string, string?> { ["Worker:Enabled"] = "false" });

        Assert.Empty(rig.Services.GetServices<IHostedService>());
        Assert.True(rig.Services.GetRequiredService<IOptions<EventSourcingOptions>>().Value.SnapshotOnCommandPath);
    }

    [Fact]
    public async Task Given_a_batch_size_of_0_When_the_options_are_read_Then_startup_fails_with_the_rule()
    {
        await using var rig = new WorkerRig(new InMemoryEventStore(), new InMemorySnapshotSchedule(), new Dictionary<string, string?> { ["Worker:BatchSize"] = "0" });

        var error = Assert.Throws<OptionsValidationException>(() => rig.Services.GetRequiredService<IOptions<SnapshotWorkerOptions>>().Value);
        Assert.Contains("BatchSize", error.Message, StringComparison.Ordinal);
    }
}
