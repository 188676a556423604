using Application.Characters;
using Application.Projections;
using Domain;
using EventSourcing;

namespace Application.Tests;

/// <summary>The party board projection over the in-memory adapter: fed by the processor, read by GetBoard, checked by verify.</summary>
public sealed class PartyBoardTests
{
    [Fact]
    public async Task Given_commands_When_the_processor_polls_Then_the_board_equals_each_character_and_verify_finds_no_difference()
    {
        using var host = TestHost.InMemory();
        var tordek = (await host.Send(new CreateCharacter("Tordek", 12))).Value.Id;
        var lidda = (await host.Send(new CreateCharacter("Lidda", 6))).Value.Id;
        Assert.True((await host.Send(new DealDamage(tordek, 5, DamageType.Slashing, "goblin"))).IsSuccess);
        Assert.True((await host.Send(new GrantTemporaryHitPoints(lidda, 4))).IsSuccess);
        Assert.True((await host.Send(new DealDamage(lidda, 10, DamageType.Fire, "dragon"))).IsSuccess);

        var applied = await host.Get<FeedProcessor>().PollAsync();
        var board = (await host.Send(new GetBoard([lidda, tordek]))).Value;

        Assert.Equal(5, applied);
        Assert.Equal(["Lidda", "Tordek"], board.Characters.Select(c => c.Name));
        var l = board.Characters[0];
        Assert.Equal((0, 6, 0, Condition.Unconscious, 2L), (l.CurrentHitPoints, l.MaximumHitPoints, l.TemporaryHitPoints, l.Condition, l.Version));
        Assert.Equal((7, 12, 1L), (board.Characters[1].CurrentHitPoints, board.Characters[1].MaximumHitPoints, board.Characters[1].Version));
        var verification = (await host.Send(new VerifyProjections())).Value;
        Assert.Equal(["board"], verification.Projections);
        Assert.Empty(verification.Differences);
    }

    [Fact]
    public async Task Given_a_board_row_changed_behind_its_back_When_verified_and_rebuilt_Then_the_difference_is_reported_and_then_gone()
    {
        using var host = TestHost.InMemory();
        var id = (await host.Send(new CreateCharacter("Tordek", 12))).Value.Id;
        await host.Get<FeedProcessor>().PollAsync();
        var rows = host.Get<IProjectionStore>();
        var stream = new StreamId("character", id);
        var row = (await rows.GetAsync(PartyBoard.Name, stream))!;
        Assert.True(await rows.TryWriteAsync(PartyBoard.Name, row with { Data = row.Data.Replace("\"currentHitPoints\":12", "\"currentHitPoints\":99", StringComparison.Ordinal) }, row.Version));

        var before = (await host.Send(new VerifyProjections())).Value.Differences;
        var rebuilt = (await host.Send(new RebuildProjection("board"))).Value;
        var after = (await host.Send(new VerifyProjections())).Value.Differences;

        Assert.Equal([stream], before.Select(d => d.Stream));
        Assert.Equal(1, rebuilt.Rows);
        Assert.Empty(after);
        Assert.IsType<NotFoundError>((await host.Send(new RebuildProjection("nope"))).Error);
        Assert.IsType<ValidationError>((await host.Send(new GetBoard(["bad id"]))).Error);
    }
}
