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

    /// <summary>Every character a free-text field refuses: controls, bidi overrides and isolates, zero-width characters.</summary>
    public static TheoryData<char> UnsafeCharacters => new()
    {
        '\0', '\a', '\t', '\n', '\r', '\u001B', '\u007F', '\u0085', '\u009F',
        '\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069',
        '\u200B', '\u200C', '\u200D', '\u2060', '\uFEFF',
    };

    /// <summary>Every free-text field of every command, built around one text.</summary>
    private static IEnumerable<(IRequest<Result<CommandResult>> Command, string Field)> FreeTextFields(string text) =>
    [
        (new CreateCharacter(text, 8), "name"),
        (new DealDamage("tordek", 2, DamageType.Fire, Source: text), "source"),
        (new DealDamage("tordek", 2, DamageType.Fire, Note: text), "note"),
        (new Heal("tordek", 1, Source: text), "source"),
        (new GrantTemporaryHitPoints("tordek", 1, Source: text), "source"),
        (new Stabilize("tordek", StabilizationMethod.HealersKit, By: text), "by"),
        (new Revive("tordek", text, 1), "spell"),
        (new IncreaseMaximumHitPoints("tordek", 5, text), "source"),
        (new EndMaximumHitPointsIncrease("tordek", text), "source"),
        (new ReduceMaximumHitPoints("tordek", 3, text), "source"),
        (new GainDefense("tordek", Defense.Resistance, [DamageType.Fire], text), "source"),
        (new LoseDefense("tordek", Defense.Resistance, [DamageType.Fire], text), "source"),
    ];

    [Theory]
    [MemberData(nameof(UnsafeCharacters))]
    public async Task Given_free_text_with_an_unsafe_character_When_sent_Then_every_field_refuses_it_naming_the_character(char unsafeCharacter)
    {
        using var host = TestHost.InMemory();
        var code = $"U+{(int)unsafeCharacter:X4}";

        foreach (var (command, field) in FreeTextFields($"Tor{unsafeCharacter}dek"))
        {
            var result = await host.Send(command);

            var error = Assert.IsType<ValidationError>(result.Error);
            var fieldError = Assert.Single(error.Fields);
            Assert.Equal(field, fieldError.Field);
            Assert.Contains(code, fieldError.Message, StringComparison.Ordinal);
            Assert.Contains("not allowed", fieldError.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Given_free_text_of_combining_marks_and_emoji_When_sent_Then_lengths_count_what_a_reader_sees()
    {
        using var host = TestHost.InMemory();
        var hundredAccented = string.Concat(Enumerable.Repeat("e\u0301", 100)); // 200 UTF-16 units, 100 characters
        var hundredEmoji = string.Concat(Enumerable.Repeat("\U0001F409", 100)); // 200 UTF-16 units, 100 characters

        var accented = await host.Send(new CreateCharacter(hundredAccented, 8, CharacterId: "accented"));
        var emoji = await host.Send(new DealDamage("accented", 1, DamageType.Fire, Source: hundredEmoji));
        var tooLong = await host.Send(new CreateCharacter(hundredAccented + "e\u0301", 8));

        Assert.True(accented.IsSuccess, accented.Error?.Message);
        Assert.True(emoji.IsSuccess, emoji.Error?.Message);
        Assert.Equal("name", Assert.Single(Assert.IsType<ValidationError>(tooLong.Error).Fields).Field);
    }
}
