using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Parsing;
using Application.Characters;
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

    // In create, the character id is the --id option rather than the ID argument of the other commands.
    private static readonly Dictionary<string, string> CreateFieldNames = new(StringComparer.Ordinal) { ["characterId"] = "--id" };

    // The damage command sends one part: its amount and type are the part's.
    private static readonly Dictionary<string, string> DamageFieldNames = new(StringComparer.Ordinal)
    {
        ["parts[0].amount"] = "AMOUNT",
        ["parts[0].damageType"] = "--type",
    };

    private HpCommands(CliRunner runner) => _runner = runner;

    /// <summary>A fresh tree per run, so that parallel runs (tests) share no parser state.</summary>
    public static Command Build(GlobalOptions globals, CliRunner runner)
    {
        ArgumentNullException.ThrowIfNull(globals);
        var commands = new HpCommands(runner);

        // A named root rather than RootCommand, so usage and help say "hp" even when the parser runs inside a test host.
        var root = new Command("hp", "Tracks D&D 5e hit points: damage, healing, temporary hit points, death saves and rests, kept as events.")
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
        root.Subcommands.Add(commands.Rest());
        root.Subcommands.Add(commands.Show());
        root.Subcommands.Add(commands.History());
        root.Subcommands.Add(commands.List());
        return root;
    }

    private Command Create()
    {
        var name = new Argument<string>("NAME") { Description = "The character's name (1-100 characters)." };
        var maxHp = new Option<int>("--max-hp") { Description = "Maximum hit points (1-1000). The character starts at full.", Required = true };
        var resist = DamageTypes("--resist", "Damage types the character resists (halved), e.g. --resist fire cold. Types: " + string.Join(", ", EnumNames<DamageType>()) + ".");
        var vulnerable = DamageTypes("--vulnerable", "Damage types the character is vulnerable to (doubled).");
        var immune = DamageTypes("--immune", "Damage types the character is immune to (no damage).");
        var id = new Option<string?>("--id") { Description = "The character's id (letters, digits, '-', '_'). Generated when left out." };
        var commandId = CommandIdOption();
        var command = new Command("create", "Create a character at full hit points.") { name, maxHp, resist, vulnerable, immune, id, commandId };
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
                    CommandId: parse.GetValue(commandId)),
                token).ConfigureAwait(false),
            TextOutput.Command,
            CreateFieldNames), ct));
        return command;
    }

    private Command Damage()
    {
        var id = IdArgument();
        var amount = AmountArgument("Damage before resistance, vulnerability and immunity.");
        var type = new Option<DamageType>("--type")
        {
            Description = $"The damage type: {string.Join(", ", EnumNames<DamageType>())}.",
            Required = true,
            HelpName = "type",
            CustomParser = result => ParseEnum<DamageType>(result, result.Tokens[0].Value),
        };
        var source = new Option<string?>("--source") { Description = "Who or what dealt it, e.g. goblin." };
        var note = new Option<string?>("--note") { Description = "A free-text note (at most 500 characters)." };
        var (expected, commandId) = (ExpectedVersionOption(), CommandIdOption());
        var command = new Command("damage", "Deal damage of one type to a character.") { id, amount, type, source, note, expected, commandId };
        command.SetAction((parse, ct) => _runner.ExecuteAsync(parse, async (mediator, reporter, token) => reporter.Report(
            await SendAsync(
                mediator,
                "Damaged",
                new DealDamage(
                    parse.GetRequiredValue(id),
                    parse.GetValue(amount),
                    parse.GetValue(type),
                    parse.GetValue(source),
                    parse.GetValue(note),
                    parse.GetValue(commandId),
                    parse.GetValue(expected)),
                token).ConfigureAwait(false),
            TextOutput.Command,
            DamageFieldNames), ct));
        return command;
    }

    private Command Heal()
    {
        var id = IdArgument();
        var amount = AmountArgument("Hit points to restore (capped at the maximum).");
        var (expected, commandId) = (ExpectedVersionOption(), CommandIdOption());
        var command = new Command("heal", "Heal a character; at 0 HP this brings them round.") { id, amount, expected, commandId };
        command.SetAction((parse, ct) => _runner.ExecuteAsync(parse, async (mediator, reporter, token) => reporter.Report(
            await SendAsync(
                mediator,
                "Healed",
                new Heal(parse.GetRequiredValue(id), parse.GetValue(amount), CommandId: parse.GetValue(commandId), ExpectedVersion: parse.GetValue(expected)),
                token).ConfigureAwait(false),
            TextOutput.Command), ct));
        return command;
    }

    private Command Temp()
    {
        var id = IdArgument();
        var amount = AmountArgument("Temporary hit points. They do not stack: the higher value stays.");
        var (expected, commandId) = (ExpectedVersionOption(), CommandIdOption());
        var command = new Command("temp", "Grant temporary hit points.") { id, amount, expected, commandId };
        command.SetAction((parse, ct) => _runner.ExecuteAsync(parse, async (mediator, reporter, token) => reporter.Report(
            await SendAsync(
                mediator,
                "Granted temporary hit points to",
                new GrantTemporaryHitPoints(parse.GetRequiredValue(id), parse.GetValue(amount), CommandId: parse.GetValue(commandId), ExpectedVersion: parse.GetValue(expected)),
                token).ConfigureAwait(false),
            TextOutput.Command), ct));
        return command;
    }

    private Command DeathSave()
    {
        var id = IdArgument();
        var roll = new Argument<int>("ROLL") { Description = "The natural d20 roll, 1 to 20: 10 or more succeeds, 1 is two failures, 20 regains 1 HP." };
        var (expected, commandId) = (ExpectedVersionOption(), CommandIdOption());
        var command = new Command("death-save", "Record a death saving throw for a character at 0 HP.") { id, roll, expected, commandId };
        command.SetAction((parse, ct) => _runner.ExecuteAsync(parse, async (mediator, reporter, token) => reporter.Report(
            await SendAsync(
                mediator,
                "Recorded a death save for",
                new RecordDeathSave(parse.GetRequiredValue(id), parse.GetValue(roll), parse.GetValue(commandId), parse.GetValue(expected)),
                token).ConfigureAwait(false),
            TextOutput.Command), ct));
        return command;
    }

    private Command Rest()
    {
        var id = IdArgument();
        var (expected, commandId) = (ExpectedVersionOption(), CommandIdOption());
        var command = new Command("rest", "Take a long rest: full hit points, no temporary hit points, death saves cleared.") { id, expected, commandId };
        command.SetAction((parse, ct) => _runner.ExecuteAsync(parse, async (mediator, reporter, token) => reporter.Report(
            await SendAsync(
                mediator,
                "Rested",
                new TakeLongRest(parse.GetRequiredValue(id), parse.GetValue(commandId), parse.GetValue(expected)),
                token).ConfigureAwait(false),
            TextOutput.Command), ct));
        return command;
    }

    private Command Show()
    {
        var id = IdArgument();
        var command = new Command("show", "Show a character's hit points, condition and version.") { id };
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

    private static Argument<string> IdArgument() => new("ID") { Description = "The character's id." };

    private static Argument<int> AmountArgument(string description) => new("AMOUNT") { Description = description };

    private static Option<long?> ExpectedVersionOption() => new("--expected-version")
    {
        Description = "Fail with a conflict (exit 4) unless the character is at this version (the one you last saw).",
    };

    private static Option<Guid?> CommandIdOption() => new("--command-id")
    {
        Description = "A GUID naming this command. Repeating it returns the original result instead of applying it twice.",
        CustomParser = result => Guid.TryParse(result.Tokens[0].Value, out var id) ? id : Invalid<Guid?>(result, "is not a GUID"),
    };

    private static Option<string?> CursorOption() => new("--cursor") { Description = "Where the previous page ended (printed under it)." };

    private static Option<int> PageSizeOption(int size) => new("--page-size")
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

    // By name only, any case: Enum.TryParse alone would also take "7".
    private static T ParseEnum<T>(ArgumentResult result, string value)
        where T : struct, Enum
    {
        foreach (var candidate in Enum.GetValues<T>())
        {
            if (string.Equals(candidate.ToString(), value, StringComparison.OrdinalIgnoreCase))
            {
                return candidate;
            }
        }

        return Invalid<T>(result, $"is not one of {string.Join(", ", EnumNames<T>())}", value);
    }

    private static T Invalid<T>(ArgumentResult result, string problem, string? value = null)
    {
        var symbol = result.Parent is OptionResult option ? option.Option.Name : result.Argument.Name;
        result.AddError($"{symbol}: '{value ?? result.Tokens[0].Value}' {problem}.");
        return default!;
    }

    private static IEnumerable<string> EnumNames<T>()
        where T : struct, Enum => Enum.GetNames<T>().Select(n => n.ToLowerInvariant());
}
