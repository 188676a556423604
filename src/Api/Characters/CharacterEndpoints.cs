using System.Globalization;
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
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        var reads = characters.MapGroup("").RequireAuthorization(ApiPolicies.Read);
        reads.MapGet("/", List).WithName("ListCharacters")
            .Produces<CharacterListPage>().ProducesValidationProblem();
        reads.MapGet("/{id}", Get).WithName("GetCharacter")
            .Produces<CharacterView>().Produces(StatusCodes.Status304NotModified)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        reads.MapGet("/{id}/history", History).WithName("GetCharacterHistory")
            .Produces<HistoryPage>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);

        var writes = characters.MapGroup("").RequireAuthorization(ApiPolicies.Write)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        writes.MapPost("/", Create).WithName("CreateCharacter")
            .Produces<CharacterCommandResponse>(StatusCodes.Status201Created).ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        var commands = writes.MapGroup("/{id}")
            .RequireWriteScope(CharacterAggregate.Definition.Category, "id")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        commands.MapPost("/damage", Damage).WithName("DealDamage").Produces<CharacterCommandResponse>().DmOnly();
        commands.MapPost("/healing", Healing).WithName("Heal").Produces<CharacterCommandResponse>();
        commands.MapPost("/temporary-hit-points", TemporaryHitPoints).WithName("GrantTemporaryHitPoints").Produces<CharacterCommandResponse>();
        commands.MapPost("/death-saves", DeathSave).WithName("RecordDeathSave").Produces<CharacterCommandResponse>();
        commands.MapPost("/long-rests", LongRest).WithName("TakeLongRest").Produces<CharacterCommandResponse>();
        commands.MapPost("/stabilizations", Stabilization).WithName("Stabilize").Produces<CharacterCommandResponse>();
        commands.MapPost("/stable-recoveries", StableRecovery).WithName("RecoverFromStability").Produces<CharacterCommandResponse>();
        commands.MapPost("/revivals", Revival).WithName("Revive").Produces<CharacterCommandResponse>();
        commands.MapPost("/short-rests", ShortRest).WithName("SpendHitDice").Produces<CharacterCommandResponse>();
        commands.MapPost("/level-ups", LevelUp).WithName("GainLevel").Produces<CharacterCommandResponse>();
        commands.MapPost("/constitution-changes", ConstitutionChange).WithName("ChangeConstitutionModifier").Produces<CharacterCommandResponse>();
        commands.MapPost("/hit-point-maximum/increases", MaximumIncrease).WithName("IncreaseMaximumHitPoints").Produces<CharacterCommandResponse>();
        commands.MapPost("/hit-point-maximum/increase-endings", MaximumIncreaseEnding).WithName("EndMaximumHitPointsIncrease").Produces<CharacterCommandResponse>();
        commands.MapPost("/hit-point-maximum/reductions", MaximumReduction).WithName("ReduceMaximumHitPoints").Produces<CharacterCommandResponse>().DmOnly();
        commands.MapPost("/defenses", DefenseGain).WithName("GainDefense").Produces<CharacterCommandResponse>();
        commands.MapPost("/defense-losses", DefenseLoss).WithName("LoseDefense").Produces<CharacterCommandResponse>();
        return routes;
    }

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
    private static bool TryReadPageSize(string? text, int fallback, out int size)
    {
        size = fallback;
        return text is null || int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out size);
    }

    private static ValidationError PageSizeError() => new([new FieldError("pageSize", "A page size is a whole number.")]);
}

/// <summary>What a committed character command answers: the character and its version after the command.</summary>
internal sealed record CharacterCommandResponse(string CharacterId, long Version)
{
    public static CharacterCommandResponse From(CommandResult done) => new(done.Id, done.Version);
}
