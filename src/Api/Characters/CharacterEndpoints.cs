using System.Globalization;
using Api.Contract;
using Api.Http;
using Api.Security;
using Application.Characters;
using Application.Common;
using Domain;
using EventSourcing;
using MediatR;

namespace Api.Characters;

/// <summary>
/// The character resources. Each endpoint maps HTTP to one MediatR request and the result back; the rules
/// live in the domain and the shape checks in the application.
/// </summary>
internal static class CharacterEndpoints
{
    public static IEndpointRouteBuilder MapCharacters(this IEndpointRouteBuilder routes)
    {
        var characters = routes.MapGroup("/characters")
            .WithTags("Characters")
            .RequireRateLimiting(ApiPolicies.RateLimit)
            .WithStandardResponses();

        var reads = characters.MapGroup("").RequireAuthorization(ApiPolicies.Read).IsRead();
        reads.MapGet("/", List).WithName("ListCharacters")
            .WithSummary("List characters")
            .WithDescription("A page of characters in creation order, with the cursor of the next page (null on the last).")
            .Produces<CharacterListPage>().Paged(50);
        reads.MapGet("/{id}", Get).WithName("GetCharacter")
            .WithSummary("Read a character")
            .WithDescription("The character's state folded from its events. The ETag is its version; send it in If-None-Match to get 304 while nothing changed, or in If-Match to pin a command to it.")
            .Produces<CharacterView>().ReturnsETag().SupportsNotModified().MayBeMissing();
        reads.MapGet("/{id}/history", History).WithName("GetCharacterHistory")
            .WithSummary("Read a character's history")
            .WithDescription("The character's events oldest first, a page at a time, each with its stored type, time, a sentence for people and its payload.")
            .Produces<HistoryPage>().Paged(100).MayBeMissing();

        var writes = characters.MapGroup("").RequireAuthorization(ApiPolicies.Write).IsCommand();
        writes.MapPost("/", Create).WithName("CreateCharacter")
            .WithSummary("Create a character")
            .WithDescription("Creates a character at full hit points. With an Idempotency-Key the character id is derived from it, so a retry finds the same character.")
            .Produces<CharacterCommandResponse>(StatusCodes.Status201Created).ReturnsCreated();

        var commands = writes.MapGroup("/{id}")
            .RequireWriteScope(CharacterAggregate.Definition.Category, "id")
            .OnExistingResource();
        Command(commands.MapPost("/damage", Damage), "DealDamage", "Deal damage",
            "One hit of one or more damage types; resistance, vulnerability and immunity apply per part, temporary hit points absorb first.").DmOnly();
        Command(commands.MapPost("/healing", Healing), "Heal", "Heal", "Regain hit points up to the maximum; a character at 0 wakes.");
        Command(commands.MapPost("/temporary-hit-points", TemporaryHitPoints), "GrantTemporaryHitPoints", "Grant temporary hit points",
            "They do not stack: the higher value is kept unless replace is true.");
        Command(commands.MapPost("/death-saves", DeathSave), "RecordDeathSave", "Record a death saving throw", "The natural d20 of a dying character.");
        Command(commands.MapPost("/long-rests", LongRest), "TakeLongRest", "Take a long rest", "Regain all hit points and half the Hit Dice; ends reductions of the maximum and temporary hit points.");
        Command(commands.MapPost("/stabilizations", Stabilization), "Stabilize", "Stabilize a dying character", "By a DC 10 Wisdom (Medicine) check, Spare the Dying or a healer's kit.");
        Command(commands.MapPost("/stable-recoveries", StableRecovery), "RecoverFromStability", "Recover after 1d4 hours",
            "A stable character that is not healed regains 1 hit point after the hours rolled.");
        Command(commands.MapPost("/revivals", Revival), "Revive", "Revive a dead character", "A spell such as Revivify returns the character to life with the hit points given.");
        Command(commands.MapPost("/short-rests", ShortRest), "SpendHitDice", "Spend Hit Dice in a short rest", "One roll per Hit Die spent; each adds the Constitution modifier.");
        Command(commands.MapPost("/level-ups", LevelUp), "GainLevel", "Gain a level", "The maximum rises by the Hit Die roll (or fixed value) plus the Constitution modifier.");
        Command(commands.MapPost("/constitution-changes", ConstitutionChange), "ChangeConstitutionModifier", "Change the Constitution modifier",
            "The maximum changes as though the new modifier applied from 1st level.");
        Command(commands.MapPost("/hit-point-maximum/increases", MaximumIncrease), "IncreaseMaximumHitPoints", "Increase the hit point maximum", "An effect such as Aid, by its source.");
        Command(commands.MapPost("/hit-point-maximum/increase-endings", MaximumIncreaseEnding), "EndMaximumHitPointsIncrease", "End an increase of the maximum",
            "The effect of that source ends; current hit points are clamped.");
        Command(commands.MapPost("/hit-point-maximum/reductions", MaximumReduction), "ReduceMaximumHitPoints", "Reduce the hit point maximum",
            "An effect such as Life Drain, until a long rest; a maximum reduced to 0 kills.").DmOnly();
        Command(commands.MapPost("/defenses", DefenseGain), "GainDefense", "Gain a defence", "Resistance, vulnerability or immunity to damage types, from a source.");
        Command(commands.MapPost("/defense-losses", DefenseLoss), "LoseDefense", "Lose a defence", "The defences of that source end; the same defence from another source stays.");
        return routes;
    }

    private static RouteHandlerBuilder Command(RouteHandlerBuilder endpoint, string name, string summary, string description) =>
        endpoint.WithName(name).WithSummary(summary).WithDescription(description).Produces<CharacterCommandResponse>().ReturnsETag();

    private static Task<IResult> List(string? cursor, string? pageSize, CursorSigner cursors, IMediator mediator, CancellationToken ct)
    {
        if (!TryReadPageSize(pageSize, 50, out var size))
        {
            return Task.FromResult(ResultMapping.ToProblem(PageSizeError()));
        }

        const string purpose = "characters";
        if (cursors.Open(purpose, cursor, out var token) is { } invalid)
        {
            return Task.FromResult(ResultMapping.ToProblem(invalid));
        }

        return mediator.Send(new ListCharacters(token, size), ct)
            .ToHttp(page => TypedResults.Ok(page with { NextCursor = cursors.Sign(purpose, page.NextCursor) }));
    }

    private static Task<IResult> Get(string id, HttpRequest http, IMediator mediator, CancellationToken ct) =>
        mediator.Send(new GetCharacter(id), ct).ToHttp(view =>
        {
            var etag = ETags.Format(view.Version);
            IResult result = ETags.NoneMatchMatches(http.Headers.IfNoneMatch, etag)
                ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
                : TypedResults.Ok(view);
            return new WithHeader(result, "ETag", etag);
        });

    private static Task<IResult> History(string id, string? cursor, string? pageSize, CursorSigner cursors, IMediator mediator, CancellationToken ct)
    {
        if (!TryReadPageSize(pageSize, 100, out var size))
        {
            return Task.FromResult(ResultMapping.ToProblem(PageSizeError()));
        }

        var purpose = "character-history:" + id;
        if (cursors.Open(purpose, cursor, out var token) is { } invalid)
        {
            return Task.FromResult(ResultMapping.ToProblem(invalid));
        }

        return mediator.Send(new GetHistory(id, token, size), ct)
            .ToHttp(page => TypedResults.Ok(page with { NextCursor = cursors.Sign(purpose, page.NextCursor) }));
    }

    private static Task<IResult> Create(CreateCharacterRequest body, HttpRequest http, IMediator mediator, CancellationToken ct) =>
        Send(
            http,
            mediator,
            input => new CreateCharacter(
                input.Required(body.Name, "name"),
                input.Required(body.MaximumHitPoints, "maximumHitPoints"),
                body.Resistances,
                body.Vulnerabilities,
                body.Immunities,
                CharacterId: null,
                Level: body.Level ?? CharacterHitPoints.MinLevel,
                HitDie: body.HitDie,
                ConstitutionModifier: body.ConstitutionModifier ?? 0,
                CommandId: input.CommandId,
                CorrelationId: input.CorrelationId),
            done => new WithHeader(
                TypedResults.Created($"/characters/{Uri.EscapeDataString(done.Id)}", CharacterCommandResponse.From(done)), "ETag", ETags.Format(done.Version)),
            ct);

    private static Task<IResult> Damage(string id, DamageRequest body, HttpRequest http, IMediator mediator, CancellationToken ct) =>
        Send(
            http,
            mediator,
            input => new DealDamage(
                id,
                Parts(input, body.Parts),
                body.Critical,
                body.KnockOut,
                body.Source,
                body.Note,
                input.CommandId,
                input.ExpectedVersion,
                input.CorrelationId),
            Committed,
            ct);

    private static Task<IResult> Healing(string id, HealingRequest body, HttpRequest http, IMediator mediator, CancellationToken ct) =>
        Send(
            http,
            mediator,
            input => new Heal(id, input.Required(body.Amount, "amount"), body.Source, input.CommandId, input.ExpectedVersion, input.CorrelationId),
            Committed,
            ct);

    private static Task<IResult> TemporaryHitPoints(
        string id, TemporaryHitPointsRequest body, HttpRequest http, IMediator mediator, CancellationToken ct) =>
        Send(
            http,
            mediator,
            input => new GrantTemporaryHitPoints(id, input.Required(body.Amount, "amount"), body.Source, body.Replace, input.CommandId, input.ExpectedVersion, input.CorrelationId),
            Committed,
            ct);

    private static Task<IResult> DeathSave(string id, DeathSaveRequest body, HttpRequest http, IMediator mediator, CancellationToken ct) =>
        Send(
            http,
            mediator,
            input => new RecordDeathSave(id, input.Required(body.Roll, "roll"), input.CommandId, input.ExpectedVersion, input.CorrelationId),
            Committed,
            ct);

    // A long rest has no parameters, so it takes no body.
    private static Task<IResult> LongRest(string id, HttpRequest http, IMediator mediator, CancellationToken ct) =>
        Send(
            http,
            mediator,
            input => new TakeLongRest(id, input.CommandId, input.ExpectedVersion, input.CorrelationId),
            Committed,
            ct);

    private static Task<IResult> Stabilization(string id, StabilizationRequest body, HttpRequest http, IMediator mediator, CancellationToken ct) =>
        Send(http, mediator, input => new Stabilize(id, input.Required(body.Method, "method"), body.By, body.Check, input.CommandId, input.ExpectedVersion, input.CorrelationId), Committed, ct);

    private static Task<IResult> StableRecovery(string id, StableRecoveryRequest body, HttpRequest http, IMediator mediator, CancellationToken ct) =>
        Send(http, mediator, input => new RecoverFromStability(id, input.Required(body.Hours, "hours"), input.CommandId, input.ExpectedVersion, input.CorrelationId), Committed, ct);

    private static Task<IResult> Revival(string id, RevivalRequest body, HttpRequest http, IMediator mediator, CancellationToken ct) =>
        Send(http, mediator, input => new Revive(id, input.Required(body.Spell, "spell"), input.Required(body.HitPoints, "hitPoints"), input.CommandId, input.ExpectedVersion, input.CorrelationId), Committed, ct);

    private static Task<IResult> ShortRest(string id, ShortRestRequest body, HttpRequest http, IMediator mediator, CancellationToken ct) =>
        Send(http, mediator, input => new SpendHitDice(id, input.Required(body.Rolls, "rolls"), input.CommandId, input.ExpectedVersion, input.CorrelationId), Committed, ct);

    private static Task<IResult> LevelUp(string id, LevelUpRequest body, HttpRequest http, IMediator mediator, CancellationToken ct) =>
        Send(http, mediator, input => new GainLevel(id, input.Required(body.MaximumHitPointsIncrease, "maximumHitPointsIncrease"), input.CommandId, input.ExpectedVersion, input.CorrelationId), Committed, ct);

    private static Task<IResult> ConstitutionChange(string id, ConstitutionChangeRequest body, HttpRequest http, IMediator mediator, CancellationToken ct) =>
        Send(http, mediator, input => new ChangeConstitutionModifier(id, input.Required(body.ConstitutionModifier, "constitutionModifier"), input.CommandId, input.ExpectedVersion, input.CorrelationId), Committed, ct);

    private static Task<IResult> MaximumIncrease(string id, MaximumIncreaseRequest body, HttpRequest http, IMediator mediator, CancellationToken ct) =>
        Send(http, mediator, input => new IncreaseMaximumHitPoints(id, input.Required(body.Amount, "amount"), input.Required(body.Source, "source"), input.CommandId, input.ExpectedVersion, input.CorrelationId), Committed, ct);

    private static Task<IResult> MaximumIncreaseEnding(string id, MaximumIncreaseEndingRequest body, HttpRequest http, IMediator mediator, CancellationToken ct) =>
        Send(http, mediator, input => new EndMaximumHitPointsIncrease(id, input.Required(body.Source, "source"), input.CommandId, input.ExpectedVersion, input.CorrelationId), Committed, ct);

    private static Task<IResult> MaximumReduction(string id, MaximumReductionRequest body, HttpRequest http, IMediator mediator, CancellationToken ct) =>
        Send(http, mediator, input => new ReduceMaximumHitPoints(id, input.Required(body.Amount, "amount"), body.Source, input.CommandId, input.ExpectedVersion, input.CorrelationId), Committed, ct);

    private static Task<IResult> DefenseGain(string id, DefenseRequest body, HttpRequest http, IMediator mediator, CancellationToken ct) =>
        Send(http, mediator, input => new GainDefense(id, input.Required(body.Defense, "defense"), input.Required(body.DamageTypes, "damageTypes"), input.Required(body.Source, "source"), input.CommandId, input.ExpectedVersion, input.CorrelationId), Committed, ct);

    private static Task<IResult> DefenseLoss(string id, DefenseRequest body, HttpRequest http, IMediator mediator, CancellationToken ct) =>
        Send(http, mediator, input => new LoseDefense(id, input.Required(body.Defense, "defense"), input.Required(body.DamageTypes, "damageTypes"), input.Required(body.Source, "source"), input.CommandId, input.ExpectedVersion, input.CorrelationId), Committed, ct);

    private static DamageRoll[] Parts(CommandInput input, IReadOnlyList<DamagePartRequest?>? parts) =>
    [
        .. input.Required(parts, "parts").Select((part, i) => part is null
            ? new DamageRoll(input.Required((int?)null, $"parts[{i}]"), default)
            : new DamageRoll(input.Required(part.Amount, $"parts[{i}].amount"), input.Required(part.DamageType, $"parts[{i}].damageType"))),
    ];

    /// <summary>
    /// The response is built from the command's result alone (character and version), so a repeat with the same
    /// Idempotency-Key, which the application answers with the original result, gets the same status and body.
    /// </summary>
    private static IResult Committed(CommandResult done) =>
        new WithHeader(TypedResults.Ok(CharacterCommandResponse.From(done)), "ETag", ETags.Format(done.Version));

    private static async Task<IResult> Send<TCommand>(
        HttpRequest http, IMediator mediator, Func<CommandInput, TCommand> build, Func<CommandResult, IResult> success, CancellationToken ct)
        where TCommand : IRequest<Result<CommandResult>>
    {
        var input = new CommandInput(http);
        var command = build(input);
        return input.Error is { } invalid
            ? ResultMapping.ToProblem(invalid)
            : await mediator.Send(command, ct).ToHttp(success);
    }

    // Page sizes are read here rather than bound as int so that "abc" is reported against the field like any other
    // invalid value; the application checks the range.
    internal static bool TryReadPageSize(string? text, int fallback, out int size)
    {
        size = fallback;
        return text is null || int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out size);
    }

    internal static ValidationError PageSizeError() => new([new FieldError("pageSize", "A page size is a whole number.")]);
}

/// <summary>What a committed character command answers: the character and its version after the command.</summary>
internal sealed record CharacterCommandResponse(string CharacterId, long Version)
{
    public static CharacterCommandResponse From(CommandResult done) => new(done.Id, done.Version);
}
