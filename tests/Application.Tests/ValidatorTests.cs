using Application.Characters;
using Application.Common;
using EventSourcing;
using Domain;
using MediatR;

namespace Application.Tests;

/// <summary>Each shape rule, through the pipeline, naming the field it is about.</summary>
public sealed class ValidatorTests
{
    public static TheoryData<IRequest<Result<CommandResult>>, string> InvalidCommands => new()
    {
        { new CreateCharacter("", 8), "name" },
        { new CreateCharacter("   ", 8), "name" },
        { new CreateCharacter(new string('a', 101), 8), "name" },
        { new CreateCharacter("Tordek", 0), "maximumHitPoints" },
        { new CreateCharacter("Tordek", 1001), "maximumHitPoints" },
        { new CreateCharacter("Tordek", 8, Resistances: [(DamageType)42]), "resistances[0]" },
        { new CreateCharacter("Tordek", 8, Vulnerabilities: [DamageType.Fire, (DamageType)42]), "vulnerabilities[1]" },
        { new CreateCharacter("Tordek", 8, Immunities: [(DamageType)(-1)]), "immunities[0]" },
        { new CreateCharacter("Tordek", 8, CharacterId: "has space"), "characterId" },
        { new CreateCharacter("Tordek", 8, CharacterId: new string('a', 65)), "characterId" },
        { new CreateCharacter("Tordek", 8, CommandId: Guid.Empty), "commandId" },
        { new DealDamage("", 2, DamageType.Fire), "characterId" },
        { new DealDamage("tordek", 0, DamageType.Fire), "parts[0].amount" },
        { new DealDamage("tordek", 10_001, DamageType.Fire), "parts[0].amount" },
        { new DealDamage("tordek", 2, (DamageType)13), "parts[0].damageType" },
        { new DealDamage("tordek", []), "parts" },
        { new DealDamage("tordek", [new DamageRoll(2, DamageType.Fire), new DamageRoll(-1, DamageType.Cold)]), "parts[1].amount" },
        { new DealDamage("tordek", [new DamageRoll(2, DamageType.Fire), null!]), "parts[1]" },
        { new DealDamage("tordek", [.. Enumerable.Repeat(new DamageRoll(1, DamageType.Fire), 21)]), "parts" },
        { new CreateCharacter("Tordek", 8, HitDie: (HitDie)7), "hitDie" },
        { new CreateCharacter("Tordek", 8, ConstitutionModifier: 11), "constitutionModifier" },
        { new CreateCharacter("Tordek", 8, ConstitutionModifier: -6), "constitutionModifier" },
        { new DealDamage("tordek", 2, DamageType.Fire, Source: new string('s', 101)), "source" },
        { new DealDamage("tordek", 2, DamageType.Fire, Note: new string('n', 501)), "note" },
        { new DealDamage("tordek", 2, DamageType.Fire, ExpectedVersion: -2), "expectedVersion" },
        { new Heal("tordek", 0), "amount" },
        { new Heal("tordek/../x", 1), "characterId" },
        { new Heal("tordek", 1, Source: new string('s', 101)), "source" },
        { new GrantTemporaryHitPoints("tordek", -1), "amount" },
        { new GrantTemporaryHitPoints("tordek", 1, Source: new string('s', 101)), "source" },
        { new RecordDeathSave("", 10), "characterId" },
        { new Stabilize("tordek", (StabilizationMethod)9), "method" },
        { new Stabilize("tordek", StabilizationMethod.HealersKit, By: new string('b', 101)), "by" },
        { new Stabilize("tordek", StabilizationMethod.MedicineCheck, Check: 101), "check" },
        { new RecoverFromStability("tordek", 2, ExpectedVersion: -2), "expectedVersion" },
        { new Revive("tordek", "", 1), "spell" },
        { new Revive("tordek", "   ", 1), "spell" },
        { new Revive("tordek", new string('r', 101), 1), "spell" },
        { new Revive("tordek", "Revivify", 0), "hitPoints" },
        { new SpendHitDice("tordek", []), "rolls" },
        { new SpendHitDice("tordek", [.. Enumerable.Repeat(1, 21)]), "rolls" },
        { new GainLevel("tordek", 1001), "maximumHitPointsIncrease" },
        { new ChangeConstitutionModifier("tordek", 11), "constitutionModifier" },
        { new IncreaseMaximumHitPoints("tordek", 0, "Aid"), "amount" },
        { new IncreaseMaximumHitPoints("tordek", 5, " "), "source" },
        { new EndMaximumHitPointsIncrease("tordek", ""), "source" },
        { new ReduceMaximumHitPoints("tordek", 0), "amount" },
        { new ReduceMaximumHitPoints("tordek", 3, new string('w', 101)), "source" },
        { new GainDefense("tordek", (Defense)5, [DamageType.Fire], "rage"), "defense" },
        { new GainDefense("tordek", Defense.Resistance, [], "rage"), "damageTypes" },
        { new GainDefense("tordek", Defense.Resistance, [(DamageType)20], "rage"), "damageTypes[0]" },
        { new GainDefense("tordek", Defense.Resistance, [DamageType.Fire], ""), "source" },
        { new LoseDefense("tordek", Defense.Immunity, [], "potion"), "damageTypes" },
        { new LoseDefense("tordek", Defense.Immunity, [DamageType.Fire], "  "), "source" },
        { new TakeLongRest("tordek", CommandId: Guid.Empty), "commandId" },
    };

    [Theory]
    [MemberData(nameof(InvalidCommands))]
    public async Task Given_an_invalid_command_When_sent_Then_the_error_names_the_field(IRequest<Result<CommandResult>> command, string field)
    {
        using var host = TestHost.InMemory();

        var result = await host.Send(command);

        var error = Assert.IsType<ValidationError>(result.Error);
        Assert.Equal(field, Assert.Single(error.Fields).Field);
        Assert.False(string.IsNullOrWhiteSpace(error.Fields[0].Message));
    }

    [Fact]
    public async Task Given_invalid_queries_When_sent_Then_the_error_names_the_field()
    {
        using var host = TestHost.InMemory();

        var history = await host.Send(new GetHistory("tordek", PageSize: 0));
        var list = await host.Send(new ListCharacters(PageSize: 501));
        var get = await host.Send(new GetCharacter("no way"));

        Assert.Equal("pageSize", Assert.Single(Assert.IsType<ValidationError>(history.Error).Fields).Field);
        Assert.Equal("pageSize", Assert.Single(Assert.IsType<ValidationError>(list.Error).Fields).Field);
        Assert.Equal("characterId", Assert.Single(Assert.IsType<ValidationError>(get.Error).Fields).Field);
    }

    [Fact]
    public async Task Given_the_edges_of_every_range_When_sent_Then_they_are_valid()
    {
        using var host = TestHost.InMemory();

        var created = await host.Send(new CreateCharacter(new string('a', 100), 1000, CharacterId: new string('b', 64)));
        var damaged = await host.Send(new DealDamage(new string('b', 64), 1, DamageType.Thunder, new string('s', 100), new string('n', 500)));

        Assert.True(created.IsSuccess, created.Error?.Message);
        Assert.True(damaged.IsSuccess, damaged.Error?.Message);
    }
}
