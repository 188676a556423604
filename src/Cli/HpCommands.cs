using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Parsing;
using System.Globalization;
using Application.Characters;
using Application.Projections;
using Application.Common;
using EventSourcing;
using Domain;
using MediatR;
using CommandResult = EventSourcing.CommandResult;

namespace Cli;

/// <summary>What a command did, with the character as it now stands.</summary>
internal sealed record CommandOutcome(string Action, string CharacterId, long Version, CharacterView Character);

/// <summary>
/// The command tree of <c>hp</c>. Each action only turns arguments into an application request and hands the
/// result to the <see cref="Reporter"/>; the rules live in the application.
/// </summary>
internal sealed class HpCommands
{
    private readonly CliRunner _runner;

    // In create, the character id is the --id option rather than the ID argument of the other commands, and the
    // Constitution modifier is --con rather than the MODIFIER argument of the constitution command.
    private static readonly Dictionary<string, string> CreateFieldNames = new(StringComparer.Ordinal)
    {
        ["characterId"] = "--id",
        ["constitutionModifier"] = "--con",
    };

    // The stabilisation methods by their command-line names. Knocking out is not one: it is chosen with the hit (damage --knock-out).
    private static readonly Dictionary<string, StabilizationMethod> StabilizationMethods = new(StringComparer.OrdinalIgnoreCase)
    {
        ["medicine"] = StabilizationMethod.MedicineCheck,
        ["spare-the-dying"] = StabilizationMethod.SpareTheDying,
        ["healers-kit"] = StabilizationMethod.HealersKit,
    };

    private HpCommands(CliRunner runner) => _runner = runner;

    /// <summary>A fresh tree per run, so that parallel runs (tests) share no parser state.</summary>
    public static Command Build(GlobalOptions globals, CliRunner runner)
    {
        ArgumentNullException.ThrowIfNull(globals);
        var commands = new HpCommands(runner);

        // A named root rather than RootCommand, so usage and help say "hp" even when the parser runs inside a test host.
        var root = new Command("hp", "Tracks D&D 5e (SRD 5.1) hit points: damage, healing, temporary hit points, dying and stabilising, rests, levels and effects on the maximum, kept as events.")
        {
            new HelpOption(),
            new VersionOption(),
            globals.Json,
            globals.Store,
        };
        root.Subcommands.Add(commands.Create());
        root.Subcommands.Add(commands.Damage());
        root.Subcommands.Add(commands.Heal());
        root.Subcommands.Add(commands.Temp());
        root.Subcommands.Add(commands.DeathSave());
        root.Subcommands.Add(commands.Stabilize());
        root.Subcommands.Add(commands.Recover());
        root.Subcommands.Add(commands.Revive());
        root.Subcommands.Add(commands.ShortRest());
        root.Subcommands.Add(commands.LongRest());
        root.Subcommands.Add(commands.LevelUp());
        root.Subcommands.Add(commands.Constitution());
        root.Subcommands.Add(commands.MaximumHitPoints());
        root.Subcommands.Add(commands.Defense());
        root.Subcommands.Add(commands.Show());
        root.Subcommands.Add(commands.History());
        root.Subcommands.Add(commands.List());
        root.Subcommands.Add(EncounterCommands.Build(runner));
        root.Subcommands.Add(EncounterCommands.BuildLog(runner));
        root.Subcommands.Add(commands.Board());
        root.Subcommands.Add(commands.Projections());
        return root;
    }

    private Command Create()
    {
        var name = new Argument<string>("NAME") { Description = "The character's name (1-100 characters)." };
        var maxHp = new Option<int>("--max-hp") { Description = "Maximum hit points (1-1000). The character starts at full.", Required = true };
        var level = new Option<int>("--level")
        {
            Description = $"The character's level ({CharacterHitPoints.MinLevel}-{CharacterHitPoints.MaxLevel}); it has as many Hit Dice.",
            DefaultValueFactory = _ => CharacterHitPoints.MinLevel,
        };
        var hitDie = new Option<HitDie?>("--hit-die")
        {
            Description = $"The class's Hit Die: {string.Join(", ", EnumNames<HitDie>())}. Without it, Hit Dice cannot be spent on a short rest.",
            HelpName = "die",
            CustomParser = result => ParseEnum<HitDie>(result, result.Tokens[0].Value),
        };
        var con = new Option<int>("--con") { Description = "The Constitution modifier (-5 to +10), added to each Hit Die spent. Default 0." };
        var resist = DamageTypes("--resist", "Damage types the character resists (halved), e.g. --resist fire cold. Types: " + string.Join(", ", EnumNames<DamageType>()) + ".");
        var vulnerable = DamageTypes("--vulnerable", "Damage types the character is vulnerable to (doubled).");
        var immune = DamageTypes("--immune", "Damage types the character is immune to (no damage).");
        var id = new Option<string?>("--id") { Description = "The character's id (letters, digits, '-', '_'). Generated when left out." };
        var commandId = CommandIdOption();
        var command = new Command("create", "Create a character at full hit points, with all its Hit Dice.") { name, maxHp, level, hitDie, con, resist, vulnerable, immune, id, commandId };
        command.SetAction((parse, ct) => _runner.ExecuteAsync(parse, async (mediator, reporter, token) => reporter.Report(
            await SendAsync(
                mediator,
                "Created",
                new CreateCharacter(
                    parse.GetRequiredValue(name),
                    parse.GetValue(maxHp),
                    parse.GetValue(resist),
                    parse.GetValue(vulnerable),
                    parse.GetValue(immune),
                    CharacterId: parse.GetValue(id),
                    Level: parse.GetValue(level),
                    HitDie: parse.GetValue(hitDie),
                    ConstitutionModifier: parse.GetValue(con),
                    CommandId: parse.GetValue(commandId)),
                token).ConfigureAwait(false),
            TextOutput.Command,
            CreateFieldNames), ct));
        return command;
    }

    private Command Damage()
    {
        var type = new Option<DamageType?>("--type")
        {
            Description = "The damage type of every AMOUNT written without one, e.g. hp damage ID 2 --type slashing.",
            HelpName = "type",
            CustomParser = result => ParseEnum<DamageType>(result, result.Tokens[0].Value),
        };
        var parts = new Argument<DamageRoll[]>("PARTS")
        {
            Description = "The hit's damage as rolled (before resistance, vulnerability and immunity), as one or more AMOUNT TYPE "
                + $"pairs, e.g. 7 slashing 4 fire; TYPE may be left out with --type. Types: {string.Join(", ", EnumNames<DamageType>())}.",
            Arity = ArgumentArity.OneOrMore,
            // Read from --type's own token: its value would throw here when --type is invalid, which its parser reports.
            CustomParser = result => ParseDamageParts(
                result,
                result.GetResult(type) is { Tokens: [var token, ..] } && TryParseEnum<DamageType>(token.Value, out var fallback) ? fallback : null),
        };
        var critical = new Option<bool>("--critical") { Description = "A critical hit: the dice were doubled already; at 0 HP it costs two death saves." };
        var knockOut = new Option<bool>("--knock-out")
        {
            Description = "A melee attacker's choice to knock the character out if this hit drops it to 0 HP: unconscious and stable.",
        };
        var source = SourceOption("Who or what dealt it, e.g. ogre.");
        var note = new Option<string?>("--note") { Description = "A free-text note (at most 500 characters)." };
        return CharacterCommand(
            "damage",
            "Deal one hit of damage, of one or more types, to a character.",
            "Damaged",
            [parts, type, critical, knockOut, source, note],
            (parse, e) => new DealDamage(
                e.Id,
                parse.GetRequiredValue(parts),
                parse.GetValue(critical),
                parse.GetValue(knockOut),
                parse.GetValue(source),
                parse.GetValue(note),
                e.CommandId,
                e.ExpectedVersion),
            parse => DamageFieldNames(parse.GetRequiredValue(parts).Length));
    }

    private Command Heal()
    {
        var amount = AmountArgument("Hit points to restore (capped at the maximum).");
        var source = SourceOption("The potion, spell or healer, e.g. cure-wounds.");
        return CharacterCommand(
            "heal",
            "Heal a character; at 0 HP this brings them round.",
            "Healed",
            [amount, source],
            (parse, e) => new Heal(e.Id, parse.GetValue(amount), parse.GetValue(source), e.CommandId, e.ExpectedVersion));
    }

    private Command Temp()
    {
        var amount = AmountArgument("Temporary hit points. They do not stack: the higher value stays, unless --replace.");
        var source = SourceOption("Where they come from, e.g. false-life.");
        var replace = new Option<bool>("--replace") { Description = "Take the new temporary hit points even if they are fewer than those held." };
        return CharacterCommand(
            "temp",
            "Grant temporary hit points.",
            "Granted temporary hit points to",
            [amount, source, replace],
            (parse, e) => new GrantTemporaryHitPoints(e.Id, parse.GetValue(amount), parse.GetValue(source), parse.GetValue(replace), e.CommandId, e.ExpectedVersion));
    }

    private Command DeathSave()
    {
        var roll = new Argument<int>("ROLL") { Description = "The natural d20 roll, 1 to 20: 10 or more succeeds, 1 is two failures, 20 regains 1 HP." };
        return CharacterCommand(
            "death-save",
            "Record a death saving throw for a dying character at 0 HP.",
            "Recorded a death save for",
            [roll],
            (parse, e) => new RecordDeathSave(e.Id, parse.GetValue(roll), e.CommandId, e.ExpectedVersion));
    }

    private Command Stabilize()
    {
        var method = new Argument<StabilizationMethod>("METHOD")
        {
            Description = "How: medicine (a DC 10 Wisdom (Medicine) check, give --check), spare-the-dying (the cantrip) or healers-kit.",
            HelpName = "medicine|spare-the-dying|healers-kit",
            CustomParser = result => StabilizationMethods.TryGetValue(result.Tokens[0].Value, out var m)
                ? m
                : Invalid<StabilizationMethod>(result, $"is not one of {string.Join(", ", StabilizationMethods.Keys)}"),
        };
        var by = new Option<string?>("--by") { Description = "Who stabilised the character, e.g. Jozan.", HelpName = "name" };
        var check = new Option<int?>("--check") { Description = "The Medicine check's total (d20 + modifier); 10 or more succeeds. Required with medicine." };
        return CharacterCommand(
            "stabilize",
            "Stabilise a dying character at 0 HP: no more death saves.",
            "Stabilised",
            [method, by, check],
            (parse, e) => new Stabilize(e.Id, parse.GetValue(method), parse.GetValue(by), parse.GetValue(check), e.CommandId, e.ExpectedVersion));
    }

    private Command Recover()
    {
        var hours = new Argument<int>("HOURS") { Description = "The 1d4 hours rolled (1 to 4) after which the stable character regains 1 HP." };
        return CharacterCommand(
            "recover",
            "A stable character who was not healed regains 1 HP after 1d4 hours.",
            "Recovered",
            [hours],
            (parse, e) => new RecoverFromStability(e.Id, parse.GetValue(hours), e.CommandId, e.ExpectedVersion));
    }

    private Command Revive()
    {
        var spell = new Option<string>("--spell") { Description = "The magic that brings the character back, e.g. revivify.", Required = true, HelpName = "name" };
        var hp = new Option<int>("--hp")
        {
            Description = "Hit points the character returns with (capped at the maximum). Default 1, as Revivify and Raise Dead give.",
            DefaultValueFactory = _ => 1,
        };
        return CharacterCommand(
            "revive",
            "Return a dead character to life with magic.",
            "Revived",
            [spell, hp],
            (parse, e) => new Revive(e.Id, parse.GetRequiredValue(spell), parse.GetValue(hp), e.CommandId, e.ExpectedVersion));
    }

    private Command ShortRest()
    {
        var rolls = new Argument<int[]>("ROLLS")
        {
            Description = "One roll of the character's Hit Die per die spent, e.g. 5 3; each regains the roll plus the Constitution modifier.",
            Arity = ArgumentArity.OneOrMore,
        };
        return CharacterCommand(
            "short-rest",
            "Take a short rest, spending Hit Dice to regain hit points.",
            "Short-rested",
            [rolls],
            (parse, e) => new SpendHitDice(e.Id, parse.GetRequiredValue(rolls), e.CommandId, e.ExpectedVersion));
    }

    private Command LongRest()
    {
        var command = CharacterCommand(
            "long-rest",
            "Take a long rest: full hit points, half the Hit Dice back, reductions of the maximum and temporary hit points end.",
            "Rested",
            [],
            (_, e) => new TakeLongRest(e.Id, e.CommandId, e.ExpectedVersion));
        command.Aliases.Add("rest");
        return command;
    }

    private Command LevelUp()
    {
        var increase = new Argument<int>("INCREASE")
        {
            Description = "How much the maximum rises: the Hit Die roll (or the fixed value) plus the Constitution modifier, at least 1.",
        };
        return CharacterCommand(
            "level-up",
            "Gain a level: one more Hit Die, and the maximum and current hit points rise by INCREASE.",
            "Levelled up",
            [increase],
            (parse, e) => new GainLevel(e.Id, parse.GetValue(increase), e.CommandId, e.ExpectedVersion));
    }

    private Command Constitution()
    {
        var modifier = new Argument<int>("MODIFIER") { Description = "The new Constitution modifier, -5 to +10." };
        return CharacterCommand(
            "constitution",
            "Change the Constitution modifier; the maximum changes as if it had always been so (the difference times the level).",
            "Changed the Constitution of",
            [modifier],
            (parse, e) => new ChangeConstitutionModifier(e.Id, parse.GetValue(modifier), e.CommandId, e.ExpectedVersion));
    }

    private Command MaximumHitPoints()
    {
        var increaseAmount = AmountArgument("How much the maximum (and current hit points) rise.");
        var increaseSource = RequiredSourceOption("The effect, e.g. aid. The same effect does not stack.");
        var increase = CharacterCommand(
            "increase",
            "An effect such as Aid raises the maximum and current hit points until it ends.",
            "Raised the maximum of",
            [increaseAmount, increaseSource],
            (parse, e) => new IncreaseMaximumHitPoints(e.Id, parse.GetValue(increaseAmount), parse.GetRequiredValue(increaseSource), e.CommandId, e.ExpectedVersion));

        var endSource = RequiredSourceOption("The effect that ends, e.g. aid.");
        var end = CharacterCommand(
            "end",
            "An increase of the maximum ends; hit points above the new maximum are lost.",
            "Ended an increase of the maximum of",
            [endSource],
            (parse, e) => new EndMaximumHitPointsIncrease(e.Id, parse.GetRequiredValue(endSource), e.CommandId, e.ExpectedVersion));

        var reduceAmount = AmountArgument("How much the maximum falls until the next long rest.");
        var reduceSource = SourceOption("The effect, e.g. wight (Life Drain).");
        var reduce = CharacterCommand(
            "reduce",
            "An effect such as Life Drain reduces the maximum until a long rest; a maximum of 0 kills.",
            "Reduced the maximum of",
            [reduceAmount, reduceSource],
            (parse, e) => new ReduceMaximumHitPoints(e.Id, parse.GetValue(reduceAmount), parse.GetValue(reduceSource), e.CommandId, e.ExpectedVersion));

        return new Command("max-hp", "Effects on the hit point maximum: increase (Aid), end an increase, reduce (Life Drain).") { increase, end, reduce };
    }

    private Command Defense()
    {
        var add = DefenseCommand(
            "add",
            "Gain a resistance, vulnerability or immunity from a source (rage, potion, spell).",
            "Gave a defence to",
            (e, kind, types, source) => new GainDefense(e.Id, kind, types, source, e.CommandId, e.ExpectedVersion));
        var remove = DefenseCommand(
            "remove",
            "Lose the defences from a source; the same defence from elsewhere stays.",
            "Removed a defence from",
            (e, kind, types, source) => new LoseDefense(e.Id, kind, types, source, e.CommandId, e.ExpectedVersion));
        return new Command("defense", "Resistances, vulnerabilities and immunities gained and lost during play.") { add, remove };
    }

    private Command DefenseCommand(
        string name, string description, string action, Func<Envelope, Defense, DamageType[], string, IRequest<Result<CommandResult>>> build)
    {
        var kind = new Argument<Defense>("KIND")
        {
            Description = $"The defence: {string.Join(", ", EnumNames<Defense>())}.",
            HelpName = string.Join('|', EnumNames<Defense>()),
            CustomParser = result => ParseEnum<Defense>(result, result.Tokens[0].Value),
        };
        var types = new Argument<DamageType[]>("TYPES")
        {
            Description = $"The damage types, e.g. bludgeoning piercing slashing. Types: {string.Join(", ", EnumNames<DamageType>())}.",
            Arity = ArgumentArity.OneOrMore,
            CustomParser = result => [.. result.Tokens.Select(t => ParseEnum<DamageType>(result, t.Value))],
        };
        var source = RequiredSourceOption("Where the defence comes from, e.g. rage; removing takes the same source.");
        return CharacterCommand(
            name,
            description,
            action,
            [kind, types, source],
            (parse, e) => build(e, parse.GetValue(kind), parse.GetRequiredValue(types), parse.GetRequiredValue(source)));
    }

    private Command Show()
    {
        var id = IdArgument();
        var command = new Command("show", "Show a character's hit points, condition, level, Hit Dice, Constitution, maximum, defences and version.") { id };
        command.SetAction((parse, ct) => _runner.ExecuteAsync(parse, async (mediator, reporter, token) => reporter.Report(
            await mediator.Send(new GetCharacter(parse.GetRequiredValue(id)), token).ConfigureAwait(false),
            TextOutput.Character), ct));
        return command;
    }

    private Command History()
    {
        var id = IdArgument();
        var (cursor, pageSize) = (CursorOption(), PageSizeOption(100));
        var command = new Command("history", "List a character's events, oldest first, a page at a time.") { id, cursor, pageSize };
        command.SetAction((parse, ct) => _runner.ExecuteAsync(parse, async (mediator, reporter, token) => reporter.Report(
            await mediator.Send(new GetHistory(parse.GetRequiredValue(id), parse.GetValue(cursor), parse.GetValue(pageSize)), token).ConfigureAwait(false),
            TextOutput.History), ct));
        return command;
    }

    private Command List()
    {
        var (cursor, pageSize) = (CursorOption(), PageSizeOption(50));
        var command = new Command("list", "List the characters, a page at a time.") { cursor, pageSize };
        command.SetAction((parse, ct) => _runner.ExecuteAsync(parse, async (mediator, reporter, token) => reporter.Report(
            await mediator.Send(new ListCharacters(parse.GetValue(cursor), parse.GetValue(pageSize)), token).ConfigureAwait(false),
            TextOutput.List), ct));
        return command;
    }

    private Command Board()
    {
        var ids = new Argument<string[]>("IDS") { Description = "Characters to show (default: every character on the board).", Arity = ArgumentArity.ZeroOrMore };
        var command = new Command("board", "The party board: each character's hit points, temporary HP, condition and death saves (a projection; it trails the events by the feed's lag).") { ids };
        command.SetAction((parse, ct) => _runner.ExecuteAsync(parse, async (mediator, reporter, token) =>
        {
            var wanted = parse.GetValue(ids);
            return reporter.Report(
                await mediator.Send(new GetBoard(wanted is { Length: > 0 } ? wanted : null), token).ConfigureAwait(false),
                TextOutput.Board,
                new Dictionary<string, string>(StringComparer.Ordinal) { ["characterIds"] = "IDS" });
        }, ct));
        return command;
    }

    private Command Projections()
    {
        var name = new Argument<string>("NAME") { Description = "The projection to rebuild (board)." };
        var rebuild = new Command("rebuild", "Start a projection again from the events: delete its rows and write each from its stream's replay.") { name };
        rebuild.SetAction((parse, ct) => _runner.ExecuteAsync(parse, async (mediator, reporter, token) => reporter.Report(
            await mediator.Send(new RebuildProjection(parse.GetValue(name)!), token).ConfigureAwait(false),
            (output, done) => output.WriteLine($"Rebuilt {done.Name}: {done.Rows} rows written.")), ct));
        var verify = new Command("verify", "Compare every projection with a replay of its streams; the exit code is 6 when any difference exists.");
        verify.SetAction((parse, ct) => _runner.ExecuteAsync(parse, async (mediator, reporter, token) =>
        {
            var result = await mediator.Send(new VerifyProjections(), token).ConfigureAwait(false);
            var code = reporter.Report(result, TextOutput.Verification);
            return code == ExitCodes.Ok && result.Value.Differences.Count > 0 ? ExitCodes.Differences : code;
        }, ct));
        return new Command("projections", "Rebuild or verify the read models.") { rebuild, verify };
    }

    /// <summary>
    /// A command on one character: the ID argument, then <paramref name="symbols"/>, then --expected-version and
    /// --command-id. <paramref name="build"/> turns the parsed line into the application's request.
    /// </summary>
    private Command CharacterCommand(
        string name,
        string description,
        string action,
        IReadOnlyList<Symbol> symbols,
        Func<ParseResult, Envelope, IRequest<Result<CommandResult>>> build,
        Func<ParseResult, IReadOnlyDictionary<string, string>>? fieldNames = null)
    {
        var id = IdArgument();
        var (expected, commandId) = (ExpectedVersionOption(), CommandIdOption());
        var command = new Command(name, description) { id };
        foreach (var symbol in symbols)
        {
            switch (symbol)
            {
                case Argument argument:
                    command.Arguments.Add(argument);
                    break;
                case Option option:
                    command.Options.Add(option);
                    break;
                default:
                    throw new ArgumentException($"A {symbol.GetType().Name} is neither an argument nor an option.", nameof(symbols));
            }
        }

        command.Options.Add(expected);
        command.Options.Add(commandId);
        command.SetAction((parse, ct) => _runner.ExecuteAsync(parse, async (mediator, reporter, token) =>
        {
            var request = build(parse, new Envelope(parse.GetRequiredValue(id), parse.GetValue(commandId), parse.GetValue(expected)));
            var outcome = await SendAsync(mediator, action, request, token).ConfigureAwait(false);
            return reporter.Report(outcome, TextOutput.Command, fieldNames?.Invoke(parse));
        }, ct));
        return command;
    }

    /// <summary>Sends a command and, when it is committed, reads the character back so the user sees where it stands.</summary>
    private static async Task<Result<CommandOutcome>> SendAsync(
        IMediator mediator, string action, IRequest<Result<CommandResult>> command, CancellationToken cancellationToken)
    {
        var result = await mediator.Send(command, cancellationToken).ConfigureAwait(false);
        if (!result.IsSuccess)
        {
            return result.Error!;
        }

        var view = await mediator.Send(new GetCharacter(result.Value.Id), cancellationToken).ConfigureAwait(false);
        return view.IsSuccess
            ? new CommandOutcome(action, result.Value.Id, result.Value.Version, view.Value)
            : view.Error!;
    }

    // One part keeps the names of the one-type form (AMOUNT --type); several are numbered like the parts.
    private static Dictionary<string, string> DamageFieldNames(int parts) =>
        parts == 1
            ? new(StringComparer.Ordinal) { ["parts[0].amount"] = "AMOUNT", ["parts[0].damageType"] = "--type" }
            : Enumerable.Range(0, parts)
                .SelectMany(i => new[] { ($"parts[{i}].amount", $"AMOUNT[{i}]"), ($"parts[{i}].damageType", $"TYPE[{i}]") })
                .ToDictionary(p => p.Item1, p => p.Item2, StringComparer.Ordinal);

    // "7 slashing 4 fire": each amount, then optionally its type; an amount without one takes --type.
    private static DamageRoll[] ParseDamageParts(ArgumentResult result, DamageType? defaultType)
    {
        var parts = new List<DamageRoll>();
        var tokens = result.Tokens;
        for (var i = 0; i < tokens.Count; i++)
        {
            var value = tokens[i].Value;
            if (!int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var amount))
            {
                return Invalid<DamageRoll[]>(result, "is not an amount (each part is AMOUNT, then its TYPE)", value);
            }

            DamageType type;
            if (i + 1 < tokens.Count && !IsNumber(tokens[i + 1].Value))
            {
                type = ParseEnum<DamageType>(result, tokens[++i].Value);
            }
            else if (defaultType is { } fallback)
            {
                type = fallback;
            }
            else
            {
                return Invalid<DamageRoll[]>(result, "has no damage type: write it after the amount (7 slashing) or give --type", value);
            }

            parts.Add(new DamageRoll(amount, type));
        }

        return [.. parts];

        static bool IsNumber(string value) => int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _);
    }

    private static Argument<string> IdArgument() => new("ID") { Description = "The character's id." };

    private static Argument<int> AmountArgument(string description) => new("AMOUNT") { Description = description };

    private static Option<string?> SourceOption(string description) => new("--source") { Description = description, HelpName = "name" };

    private static Option<string> RequiredSourceOption(string description) => new("--source") { Description = description, HelpName = "name", Required = true };

    private static Option<long?> ExpectedVersionOption() => new("--expected-version")
    {
        Description = "Fail with a conflict (exit 4) unless the character is at this version (the one you last saw).",
    };

    internal static Option<Guid?> CommandIdOption() => new("--command-id")
    {
        Description = "A GUID naming this command. Repeating it returns the original result instead of applying it twice.",
        CustomParser = result => Guid.TryParse(result.Tokens[0].Value, out var id) ? id : Invalid<Guid?>(result, "is not a GUID"),
    };

    internal static Option<string?> CursorOption() => new("--cursor") { Description = "Where the previous page ended (printed under it)." };

    internal static Option<int> PageSizeOption(int size) => new("--page-size")
    {
        Description = "How many entries a page holds.",
        DefaultValueFactory = _ => size,
    };

    private static Option<DamageType[]> DamageTypes(string name, string description) => new(name)
    {
        Description = description,
        HelpName = "type",
        AllowMultipleArgumentsPerToken = true,
        CustomParser = result => result.Tokens
            .SelectMany(t => t.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Select(value => ParseEnum<DamageType>(result, value))
            .ToArray(),
    };

    internal static T ParseEnum<T>(ArgumentResult result, string value)
        where T : struct, Enum =>
        TryParseEnum<T>(value, out var parsed) ? parsed : Invalid<T>(result, $"is not one of {string.Join(", ", EnumNames<T>())}", value);

    // By name only, any case: Enum.TryParse alone would also take "7".
    internal static bool TryParseEnum<T>(string value, out T parsed)
        where T : struct, Enum
    {
        foreach (var candidate in Enum.GetValues<T>())
        {
            if (string.Equals(candidate.ToString(), value, StringComparison.OrdinalIgnoreCase))
            {
                parsed = candidate;
                return true;
            }
        }

        parsed = default;
        return false;
    }

    internal static T Invalid<T>(ArgumentResult result, string problem, string? value = null)
    {
        var symbol = result.Parent is OptionResult option ? option.Option.Name : result.Argument.Name;
        result.AddError($"{symbol}: '{value ?? result.Tokens[0].Value}' {problem}.");
        return default!;
    }

    /// <summary>The character a command addresses and its envelope.</summary>
    private readonly record struct Envelope(string Id, Guid? CommandId, long? ExpectedVersion);

    internal static IEnumerable<string> EnumNames<T>()
        where T : struct, Enum => Enum.GetNames<T>().Select(n => n.ToLowerInvariant());
}
