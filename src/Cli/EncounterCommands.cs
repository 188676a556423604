using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Application.Encounters;
using Domain;
using EventSourcing;
using MediatR;
using CommandResult = EventSourcing.CommandResult;

namespace Cli;

/// <summary>What an encounter command did, with the encounter as it now stands.</summary>
internal sealed record EncounterOutcome(string Action, string EncounterId, long Version, EncounterView Encounter);

/// <summary>
/// <c>hp encounter ...</c>: a fight the DM runs. Like the character commands, each action turns arguments into one
/// application request and hands the result to the <see cref="Reporter"/>.
/// </summary>
internal sealed class EncounterCommands
{
    // The application's field names as a CLI user knows them.
    private static readonly Dictionary<string, string> FieldNames = new(StringComparer.Ordinal)
    {
        ["encounterId"] = "ID",
        ["characterIds"] = "--character",
        ["creatures"] = "--creature",
        ["combatants"] = "--character/--creature",
        ["rolls"] = "ROLLS",
        ["combatantId"] = "COMBATANT",
        ["creatureName"] = "--creature",
        ["characterId"] = "--character",
        ["initiative"] = "--initiative",
        ["tieBreaker"] = "--tie-breaker",
        ["reason"] = "--reason",
        ["targets"] = "TARGETS",
        ["saveDc"] = "--dc",
        ["damageType"] = "TYPE",
    };

    private readonly CliRunner _runner;

    private EncounterCommands(CliRunner runner) => _runner = runner;

    public static Command Build(CliRunner runner)
    {
        var commands = new EncounterCommands(runner);
        return new Command("encounter", "Run a fight: initiative, turns and rounds, and blows that hit many characters at once, all or nothing.")
        {
            commands.Start(),
            commands.Show(),
            commands.Initiative(),
            commands.Next(),
            commands.Add(),
            commands.Remove(),
            commands.End(),
            commands.AreaDamage(),
            commands.MassHeal(),
        };
    }

    /// <summary><c>hp log ENCOUNTER_ID</c>: the combat log, a page at a time.</summary>
    public static Command BuildLog(CliRunner runner)
    {
        var id = IdArgument();
        var (cursor, pageSize) = (HpCommands.CursorOption(), HpCommands.PageSizeOption(100));
        var command = new Command("log", "The combat log of an encounter: its events and its characters' events while they fought, in time order.") { id, cursor, pageSize };
        command.SetAction((parse, ct) => runner.ExecuteAsync(parse, async (mediator, reporter, token) => reporter.Report(
            await mediator.Send(new GetEncounterLog(parse.GetRequiredValue(id), parse.GetValue(cursor), parse.GetValue(pageSize)), token).ConfigureAwait(false),
            TextOutput.EncounterLog), ct));
        return command;
    }

    private Command Start()
    {
        var name = new Argument<string>("NAME") { Description = "The encounter's name, e.g. \"Goblin ambush\"." };
        var characters = new Option<string[]>("--character") { Description = "An existing character's id (repeat for each).", AllowMultipleArgumentsPerToken = true };
        var creatures = new Option<string[]>("--creature") { Description = "A creature the DM runs without hit points on record, by name, e.g. \"goblin boss\" (repeat for each).", AllowMultipleArgumentsPerToken = true };
        var id = new Option<string?>("--id") { Description = "The encounter's id. Generated when left out." };
        var commandId = HpCommands.CommandIdOption();
        var command = new Command("start", "Start an encounter with characters and creatures.") { name, characters, creatures, id, commandId };
        command.SetAction((parse, ct) => Run(
            parse,
            "Started",
            new StartEncounter(parse.GetRequiredValue(name), parse.GetValue(characters) ?? [], parse.GetValue(creatures), parse.GetValue(id), parse.GetValue(commandId)),
            ct));
        return command;
    }

    private Command Show()
    {
        var id = IdArgument();
        var command = new Command("show", "Show the initiative order, whose turn it is, the round, and each character's hit points from its own stream.") { id };
        command.SetAction((parse, ct) => _runner.ExecuteAsync(parse, async (mediator, reporter, token) => reporter.Report(
            await mediator.Send(new GetEncounter(parse.GetRequiredValue(id)), token).ConfigureAwait(false),
            Render,
            FieldNames), ct));
        return command;
    }

    private Command Initiative()
    {
        var rolls = new Argument<InitiativeInput[]>("ROLLS")
        {
            Description = "COMBATANT=TOTAL or COMBATANT=TOTAL/TIE (TIE: a d20 roll-off among tied combatants, highest first), e.g. goblin-boss=15 tordek=12/7.",
            Arity = ArgumentArity.OneOrMore,
            CustomParser = ParseRolls,
        };
        return EncounterCommand("initiative", "Record initiative: highest total first; ties by the roll-off, then the order listed at the start.", "Recorded initiative in", [rolls],
            (parse, e) => new RecordInitiative(e.Id, parse.GetRequiredValue(rolls), e.CommandId, e.ExpectedVersion));
    }

    private Command Next() =>
        EncounterCommand("next", "Start the next turn in initiative order (after the last, the next round).", "Next turn in", [],
            (_, e) => new NextTurn(e.Id, e.CommandId, e.ExpectedVersion));

    private Command Add()
    {
        var character = new Option<string?>("--character") { Description = "An existing character's id." };
        var creature = new Option<string?>("--creature") { Description = "A creature's name (no hit points on record)." };
        var initiative = new Option<int?>("--initiative") { Description = "Its initiative total (required once turns have started)." };
        var tie = new Option<int?>("--tie-breaker") { Description = "A d20 roll-off for ties." };
        return EncounterCommand("add", "Add a combatant mid-fight: --character ID or --creature NAME.", "Added a combatant to", [character, creature, initiative, tie],
            (parse, e) => new AddCombatant(e.Id, parse.GetValue(character), parse.GetValue(creature), parse.GetValue(initiative), parse.GetValue(tie), e.CommandId, e.ExpectedVersion));
    }

    private Command Remove()
    {
        var combatant = new Argument<string>("COMBATANT") { Description = "The combatant's id (as show lists it)." };
        var reason = new Option<string?>("--reason") { Description = "Why it leaves, e.g. fled." };
        return EncounterCommand("remove", "Remove a combatant from the fight.", "Removed a combatant from", [combatant, reason],
            (parse, e) => new RemoveCombatant(e.Id, parse.GetRequiredValue(combatant), parse.GetValue(reason), e.CommandId, e.ExpectedVersion));
    }

    private Command End() =>
        EncounterCommand("end", "End the encounter.", "Ended", [], (_, e) => new EndEncounter(e.Id, e.CommandId, e.ExpectedVersion));

    private Command AreaDamage()
    {
        var amount = new Argument<int>("AMOUNT") { Description = "The damage as rolled, before saves and defences." };
        var type = new Argument<DamageType>("TYPE")
        {
            Description = $"The damage type: {string.Join(", ", HpCommands.EnumNames<DamageType>())}.",
            CustomParser = result => HpCommands.ParseEnum<DamageType>(result, result.Tokens[0].Value),
        };
        var targets = new Argument<AreaTargetInput[]>("TARGETS")
        {
            Description = "Each target character's id, with its save: ID:saved, ID:failed, or ID (no save), e.g. tordek:failed mialee:saved.",
            Arity = ArgumentArity.OneOrMore,
            CustomParser = ParseTargets,
        };
        var source = new Option<string>("--source") { Description = "The spell or effect, e.g. fireball.", Required = true };
        var dc = new Option<int?>("--dc") { Description = "The saving throw's DC (recorded)." };
        var noHalf = new Option<bool>("--none-on-save") { Description = "A successful save takes no damage (default: half, rounded down)." };
        return Blow("area-damage", "One blow that hits several characters, all or nothing: half on a save (rounded down), then each one's own defences.", "Dealt area damage in",
            [amount, type, targets, source, dc, noHalf],
            (parse, e) => new DealAreaDamage(e.Id, parse.GetValue(amount), parse.GetValue(type), parse.GetRequiredValue(targets), parse.GetRequiredValue(source), parse.GetValue(dc), !parse.GetValue(noHalf), e.CommandId, e.ExpectedVersion));
    }

    private Command MassHeal()
    {
        var targets = new Argument<HealingTargetInput[]>("TARGETS")
        {
            Description = "ID=AMOUNT for each target, e.g. tordek=7 mialee=5.",
            Arity = ArgumentArity.OneOrMore,
            CustomParser = ParseHealing,
        };
        var source = new Option<string>("--source") { Description = "The spell, e.g. mass-cure-wounds.", Required = true };
        return Blow("mass-heal", "Healing that reaches several characters, all or nothing.", "Healed in", [targets, source],
            (parse, e) => new CastMassHealing(e.Id, parse.GetRequiredValue(targets), parse.GetRequiredValue(source), e.CommandId, e.ExpectedVersion));
    }

    private Command EncounterCommand(
        string name, string description, string action, IReadOnlyList<Symbol> symbols, Func<ParseResult, Envelope, IRequest<Result<CommandResult>>> build)
    {
        var (command, envelope) = WithEnvelope(name, description, symbols);
        command.SetAction((parse, ct) => Run(parse, action, build(parse, envelope(parse)), ct));
        return command;
    }

    private Command Blow(
        string name, string description, string action, IReadOnlyList<Symbol> symbols, Func<ParseResult, Envelope, IRequest<Result<EncounterBlowResult>>> build)
    {
        var (command, envelope) = WithEnvelope(name, description, symbols);
        command.SetAction((parse, ct) => _runner.ExecuteAsync(parse, async (mediator, reporter, token) =>
        {
            var result = await mediator.Send(build(parse, envelope(parse)), token).ConfigureAwait(false);
            return reporter.Report(
                result.IsSuccess ? await OutcomeAsync(mediator, action, result.Value.EncounterId, result.Value.Version, token).ConfigureAwait(false) : result.Error!,
                RenderOutcome,
                FieldNames);
        }, ct));
        return command;
    }

    private static (Command Command, Func<ParseResult, Envelope> Envelope) WithEnvelope(string name, string description, IReadOnlyList<Symbol> symbols)
    {
        var id = IdArgument();
        var expected = new Option<long?>("--expected-version") { Description = "Fail with a conflict (exit 4) unless the encounter is at this version." };
        var commandId = HpCommands.CommandIdOption();
        var command = new Command(name, description) { id };
        foreach (var symbol in symbols)
        {
            if (symbol is Argument argument)
            {
                command.Arguments.Add(argument);
            }
            else
            {
                command.Options.Add((Option)symbol);
            }
        }

        command.Options.Add(expected);
        command.Options.Add(commandId);
        return (command, parse => new Envelope(parse.GetRequiredValue(id), parse.GetValue(commandId), parse.GetValue(expected)));
    }

    private Task<int> Run(ParseResult parse, string action, IRequest<Result<CommandResult>> request, CancellationToken ct) =>
        _runner.ExecuteAsync(parse, async (mediator, reporter, token) =>
        {
            var result = await mediator.Send(request, token).ConfigureAwait(false);
            return reporter.Report(
                result.IsSuccess ? await OutcomeAsync(mediator, action, result.Value.Id, result.Value.Version, token).ConfigureAwait(false) : result.Error!,
                RenderOutcome,
                FieldNames);
        }, ct);

    /// <summary>Reads the encounter back after a command, so the DM sees where the fight stands.</summary>
    private static async Task<Result<EncounterOutcome>> OutcomeAsync(IMediator mediator, string action, string id, long version, CancellationToken token)
    {
        var view = await mediator.Send(new GetEncounter(id), token).ConfigureAwait(false);
        return view.IsSuccess ? new EncounterOutcome(action, id, version, view.Value) : view.Error!;
    }

    private static void RenderOutcome(TextWriter output, EncounterOutcome outcome)
    {
        output.WriteLine($"{outcome.Action} {outcome.Encounter.Name} ({outcome.EncounterId}), now at version {outcome.Version}.");
        Render(output, outcome.Encounter);
    }

    public static void Render(TextWriter output, EncounterView e)
    {
        output.WriteLine($"Encounter   {e.Name} ({e.EncounterId}){(e.Ended ? ", ended" : "")}");
        output.WriteLine($"Round       {e.Round}");
        output.WriteLine($"Turn        {e.CurrentCombatantId ?? "-"}");
        output.WriteLine($"Version     {e.Version}");
        output.WriteLine("  Init    Combatant                 HP      Temp  Condition    Death saves");
        foreach (var c in e.Combatants)
        {
            var init = c.Initiative is { } i ? i.ToString(CultureInfo.InvariantCulture) + (c.TieBreaker is { } t ? "/" + t.ToString(CultureInfo.InvariantCulture) : "") : "-";
            var who = $"{c.Name} ({c.CombatantId})";
            var hp = c.HitPoints is { } h
                ? $"{$"{h.CurrentHitPoints}/{h.MaximumHitPoints}",-7} {h.TemporaryHitPoints,-5} {h.Condition.ToString().ToLowerInvariant(),-12} {h.DeathSaveSuccesses} ok, {h.DeathSaveFailures} failed"
                : "-       -     -            -";
            output.WriteLine($"{(c.Acting ? ">" : " ")} {init,-7} {who,-25} {hp}");
        }
    }

    private static Argument<string> IdArgument() => new("ID") { Description = "The encounter's id." };

    private static InitiativeInput[] ParseRolls(ArgumentResult result) =>
    [
        .. result.Tokens.Select(token =>
        {
            var (who, value) = Split(token.Value, '=');
            var (total, tie) = Split(value ?? "", '/');
            return who.Length > 0 && Int(total) is { } t && (tie is null || Int(tie) is not null)
                ? new InitiativeInput(who, t, tie is null ? null : Int(tie))
                : HpCommands.Invalid<InitiativeInput>(result, "is not COMBATANT=TOTAL or COMBATANT=TOTAL/TIE", token.Value);
        }),
    ];

    private static AreaTargetInput[] ParseTargets(ArgumentResult result) =>
    [
        .. result.Tokens.Select(token => Split(token.Value, ':') switch
        {
            (var id, null) => new AreaTargetInput(id),
            (var id, "saved") => new AreaTargetInput(id, true),
            (var id, "failed") => new AreaTargetInput(id, false),
            _ => HpCommands.Invalid<AreaTargetInput>(result, "is not ID, ID:saved or ID:failed", token.Value),
        }),
    ];

    private static HealingTargetInput[] ParseHealing(ArgumentResult result) =>
    [
        .. result.Tokens.Select(token => Split(token.Value, '=') is (var id, { } amount) && Int(amount) is { } a
            ? new HealingTargetInput(id, a)
            : HpCommands.Invalid<HealingTargetInput>(result, "is not ID=AMOUNT", token.Value)),
    ];

    private static (string Head, string? Tail) Split(string text, char separator)
    {
        var at = text.IndexOf(separator, StringComparison.Ordinal);
        return at < 0 ? (text, null) : (text[..at], text[(at + 1)..]);
    }

    private static int? Int(string text) =>
        int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? value : null;

    private readonly record struct Envelope(string Id, Guid? CommandId, long? ExpectedVersion);
}
