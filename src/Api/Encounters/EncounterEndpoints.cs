using Api.Characters;
using Api.Contract;
using Api.Http;
using Application.Encounters;
using EventSourcing;
using MediatR;

namespace Api.Encounters;

/// <summary>
/// The encounter resources, with the character resources' conventions: Idempotency-Key, If-Match (on the encounter),
/// X-Correlation-Id, ETag, problem details. A blow that hits many (area damage, mass healing) is one atomic commit over
/// the encounter and every target's stream.
/// </summary>
internal static class EncounterEndpoints
{
    public static IEndpointRouteBuilder MapEncounters(this IEndpointRouteBuilder routes)
    {
        var encounters = routes.MapGroup("/encounters")
            .WithTags("Encounters")
            .RequireRateLimiting(ApiPolicies.RateLimit)
            .WithStandardResponses();

        encounters.MapGroup("").RequireAuthorization(ApiPolicies.Read).IsRead()
            .MapGet("/{id}", Get).WithName("GetEncounter")
            .WithSummary("An encounter: initiative order, whose turn, round, and each character's hit points")
            .WithDescription("Combatants in initiative order; each character's current and temporary hit points, condition and death saves are read from its own stream. ETag is the encounter's version and, after a dot, a digest of every character combatant's version (\"4.1f0c9a7e3b5d4c21\"), so a change to a character's hit points changes it; If-None-Match answers 304. If-Match on the encounter's commands takes this tag or the bare version and compares only the encounter's version.")
            .Produces<EncounterView>().ReturnsETag().SupportsNotModified().MayBeMissing();
        encounters.MapGroup("").RequireAuthorization(ApiPolicies.Read).IsRead()
            .MapGet("/{id}/log", Log).WithName("GetEncounterLog")
            .WithSummary("Read an encounter's combat log")
            .WithDescription("The encounter's own events (start, initiative, turns, who joined and left, blows, end) and each character's events while it was in the fight, in time order, a page at a time, each worded as the character's history words it. At the same instant the encounter's line comes first.")
            .Produces<EncounterLogPage>().Paged(100).MayBeMissing();

        // Starting an encounter names characters that must exist, so it can be 404 too.
        var writes = encounters.MapGroup("").RequireAuthorization(ApiPolicies.Write).IsCommand();
        writes.MapPost("/", Start).WithName("StartEncounter")
            .WithSummary("Start an encounter")
            .WithDescription("Existing characters by id, and creatures the DM runs by name (no hit points on record; their id is made from the name). The encounter id comes from the Idempotency-Key, or is new.")
            .Produces<EncounterCommandResponse>(StatusCodes.Status201Created).ReturnsCreated().MayBeMissing();

        var commands = writes.MapGroup("/{id}").OnExistingResource();
        commands.MapPost("/initiative", Initiative).WithName("RecordInitiative")
            .WithSummary("Record initiative rolls")
            .WithDescription("Highest total first; ties: the higher tieBreaker (a d20 roll-off), then the combatant listed first. Once turns have started, only a combatant without a roll gets one.")
            .Produces<EncounterCommandResponse>().ReturnsETag();
        commands.MapPost("/next-turn", NextTurn).WithName("NextTurn")
            .WithSummary("Start the next turn")
            .WithDescription("The next combatant in initiative order; after the last, the next round. Every combatant needs an initiative first.")
            .Produces<EncounterCommandResponse>().ReturnsETag();
        commands.MapPost("/combatants", AddCombatant).WithName("AddCombatant")
            .WithSummary("Add a combatant mid-fight")
            .WithDescription("A character (characterId) or a creature (creatureName); once turns have started, with its initiative.")
            .Produces<EncounterCommandResponse>().ReturnsETag();
        commands.MapDelete("/combatants/{combatantId}", RemoveCombatant).WithName("RemoveCombatant")
            .WithSummary("Remove a combatant")
            .WithDescription("The combatant leaves the fight (reason in the query, optional). If it was acting, the next turn follows on from its place.")
            .Produces<EncounterCommandResponse>().ReturnsETag();
        commands.MapPost("/end", End).WithName("EndEncounter")
            .WithSummary("End the encounter")
            .Produces<EncounterCommandResponse>().ReturnsETag();
        commands.MapPost("/area-damage", AreaDamage).WithName("DealAreaDamage")
            .WithSummary("One blow that hits several characters, all or nothing")
            .WithDescription("Each target's damage is halved on its successful save (rounded down), then goes through its own resistance, vulnerability, immunity, temporary hit points, instant death and death saves. The encounter's event and every target's events are one atomic commit. If-Match pins the encounter; a conflict on a target is retried by the server.")
            .Produces<EncounterBlowResponse>().ReturnsETag();
        commands.MapPost("/mass-healing", MassHealing).WithName("CastMassHealing")
            .WithSummary("Healing that reaches several characters, all or nothing")
            .WithDescription("Each target heals by its own amount under its own rules, in one atomic commit with the encounter's event.")
            .Produces<EncounterBlowResponse>().ReturnsETag();
        return routes;
    }

    private static Task<IResult> Get(string id, HttpRequest http, IMediator mediator, CancellationToken ct) =>
        mediator.Send(new GetEncounter(id), ct).ToHttp(view =>
        {
            var etag = Tag(view);
            IResult result = ETags.NoneMatchMatches(http.Headers.IfNoneMatch, etag)
                ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
                : TypedResults.Ok(view);
            return new WithHeader(result, "ETag", etag);
        });

    // The view shows the characters' hit points, read from their own streams, so its tag covers their versions too.
    private static string Tag(EncounterView view) => ETags.Format(
        view.Version,
        view.Combatants.Where(c => c.HitPoints is not null).Select(c => $"{c.CombatantId}:{c.HitPoints!.Version.ToString(System.Globalization.CultureInfo.InvariantCulture)}"));

    private static Task<IResult> Log(string id, string? cursor, string? pageSize, CursorSigner cursors, IMediator mediator, CancellationToken ct)
    {
        if (!CharacterEndpoints.TryReadPageSize(pageSize, 100, out var size))
        {
            return Task.FromResult(ResultMapping.ToProblem(CharacterEndpoints.PageSizeError()));
        }

        var purpose = "encounter-log:" + id;
        if (cursors.Open(purpose, cursor, out var token) is { } invalid)
        {
            return Task.FromResult(ResultMapping.ToProblem(invalid));
        }

        return mediator.Send(new GetEncounterLog(id, token, size), ct)
            .ToHttp(page => TypedResults.Ok(page with { NextCursor = cursors.Sign(purpose, page.NextCursor) }));
    }

    private static Task<IResult> Start(StartEncounterRequest body, HttpRequest http, IMediator mediator, CancellationToken ct) =>
        Send(
            http,
            mediator,
            input => new StartEncounter(input.Required(body.Name, "name"), input.Required(body.CharacterIds, "characterIds"), body.Creatures, null, input.CommandId, input.CorrelationId),
            done => new WithHeader(
                TypedResults.Created($"/encounters/{Uri.EscapeDataString(done.Id)}", EncounterCommandResponse.From(done)), "ETag", ETags.Format(done.Version)),
            ct);

    private static Task<IResult> Initiative(string id, InitiativeRequest body, HttpRequest http, IMediator mediator, CancellationToken ct) =>
        Send(
            http,
            mediator,
            input => new RecordInitiative(
                id,
                [.. input.Required(body.Rolls, "rolls").Select((r, i) => new InitiativeInput(
                    input.Required(r?.CombatantId, $"rolls[{i}].combatantId"), input.Required(r?.Total, $"rolls[{i}].total"), r?.TieBreaker))],
                input.CommandId,
                input.ExpectedVersion,
                input.CorrelationId),
            Committed,
            ct);

    // Next turn and end have no parameters, so they take no body.
    private static Task<IResult> NextTurn(string id, HttpRequest http, IMediator mediator, CancellationToken ct) =>
        Send(http, mediator, input => new NextTurn(id, input.CommandId, input.ExpectedVersion, input.CorrelationId), Committed, ct);

    private static Task<IResult> End(string id, HttpRequest http, IMediator mediator, CancellationToken ct) =>
        Send(http, mediator, input => new EndEncounter(id, input.CommandId, input.ExpectedVersion, input.CorrelationId), Committed, ct);

    private static Task<IResult> AddCombatant(string id, AddCombatantRequest body, HttpRequest http, IMediator mediator, CancellationToken ct) =>
        Send(
            http,
            mediator,
            input => new AddCombatant(id, body.CharacterId, body.CreatureName, body.Initiative, body.TieBreaker, input.CommandId, input.ExpectedVersion, input.CorrelationId),
            Committed,
            ct);

    private static Task<IResult> RemoveCombatant(string id, string combatantId, string? reason, HttpRequest http, IMediator mediator, CancellationToken ct) =>
        Send(http, mediator, input => new RemoveCombatant(id, combatantId, reason, input.CommandId, input.ExpectedVersion, input.CorrelationId), Committed, ct);

    private static async Task<IResult> AreaDamage(string id, AreaDamageRequest body, HttpRequest http, IMediator mediator, CancellationToken ct)
    {
        var input = new CommandInput(http);
        var command = new DealAreaDamage(
            id,
            input.Required(body.Amount, "amount"),
            input.Required(body.DamageType, "damageType"),
            [.. input.Required(body.Targets, "targets").Select((t, i) => new AreaTargetInput(input.Required(t?.CharacterId, $"targets[{i}].characterId"), t?.Saved))],
            input.Required(body.Source, "source"),
            body.SaveDc,
            body.HalfOnSave,
            input.CommandId,
            input.ExpectedVersion,
            input.CorrelationId);
        return input.Error is { } invalid ? ResultMapping.ToProblem(invalid) : await mediator.Send(command, ct).ToHttp(Blow);
    }

    private static async Task<IResult> MassHealing(string id, MassHealingRequest body, HttpRequest http, IMediator mediator, CancellationToken ct)
    {
        var input = new CommandInput(http);
        var command = new CastMassHealing(
            id,
            [.. input.Required(body.Targets, "targets").Select((t, i) => new HealingTargetInput(
                input.Required(t?.CharacterId, $"targets[{i}].characterId"), input.Required(t?.Amount, $"targets[{i}].amount")))],
            input.Required(body.Source, "source"),
            input.CommandId,
            input.ExpectedVersion,
            input.CorrelationId);
        return input.Error is { } invalid ? ResultMapping.ToProblem(invalid) : await mediator.Send(command, ct).ToHttp(Blow);
    }

    private static IResult Committed(CommandResult done) =>
        new WithHeader(TypedResults.Ok(EncounterCommandResponse.From(done)), "ETag", ETags.Format(done.Version));

    /// <summary>Built from the result alone, so a repeat with the same Idempotency-Key gets the same body; ETag is the encounter's.</summary>
    private static IResult Blow(EncounterBlowResult done) =>
        new WithHeader(
            TypedResults.Ok(new EncounterBlowResponse(done.EncounterId, done.Version, [.. done.Targets.Select(t => new TargetVersionResponse(t.CharacterId, t.Version))])),
            "ETag",
            ETags.Format(done.Version));

    private static async Task<IResult> Send<TCommand>(
        HttpRequest http, IMediator mediator, Func<CommandInput, TCommand> build, Func<CommandResult, IResult> success, CancellationToken ct)
        where TCommand : IRequest<Result<CommandResult>>
    {
        var input = new CommandInput(http);
        var command = build(input);
        return input.Error is { } invalid ? ResultMapping.ToProblem(invalid) : await mediator.Send(command, ct).ToHttp(success);
    }
}

/// <summary>What a committed encounter command answers: the encounter and its version after the command.</summary>
internal sealed record EncounterCommandResponse(string EncounterId, long Version)
{
    public static EncounterCommandResponse From(CommandResult done) => new(done.Id, done.Version);
}

/// <summary>What a committed blow answers: the encounter's version and each target character's.</summary>
internal sealed record EncounterBlowResponse(string EncounterId, long Version, IReadOnlyList<TargetVersionResponse> Targets);

internal sealed record TargetVersionResponse(string CharacterId, long Version);
