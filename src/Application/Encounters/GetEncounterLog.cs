using System.Globalization;
using Application.Common;
using Domain;
using EventSourcing;
using FluentValidation;
using MediatR;
using Microsoft.Extensions.Options;

namespace Application.Encounters;

/// <summary>
/// The combat log: the encounter's own events and, while each character was in the fight (from joining to leaving or
/// the end), that character's events, merged in time order and paged. Each line is worded as the history words it.
/// The cursor is the position in the merged log; each page reads the encounter's and its characters' streams again.
/// </summary>
public sealed record GetEncounterLog(string EncounterId, string? Cursor = null, int PageSize = 100) : IRequest<Result<EncounterLogPage>>;

/// <summary>
/// One line of the combat log. <see cref="CombatantId"/> is null for the encounter's own events; <see cref="Version"/>
/// is the version in the stream it came from (the encounter's or the character's).
/// </summary>
public sealed record EncounterLogEntry(
    DateTimeOffset Timestamp,
    string? CombatantId,
    string Name,
    long Version,
    string Type,
    string Description,
    Guid EventId);

public sealed record EncounterLogPage(string EncounterId, IReadOnlyList<EncounterLogEntry> Events, string? NextCursor);

internal sealed class GetEncounterLogValidator : AbstractValidator<GetEncounterLog>
{
    public GetEncounterLogValidator(IOptions<ApplicationOptions> options)
    {
        RuleFor(q => q.EncounterId).MustBeId();
        RuleFor(q => q.PageSize).MustBePageSize(options.Value.MaxPageSize);
        RuleFor(q => q.Cursor)
            .Must(c => c is null || GetEncounterLogHandler.TryReadCursor(c, out _))
            .WithMessage("A cursor is the one printed under the previous page.");
    }
}

internal sealed class GetEncounterLogHandler(
    AggregateStreams<Encounter, EncounterEvent> encounters,
    AggregateStreams<CharacterHitPoints, CharacterEvent> characters) : IRequestHandler<GetEncounterLog, Result<EncounterLogPage>>
{
    private const int ReadPageSize = 500;

    public async Task<Result<EncounterLogPage>> Handle(GetEncounterLog request, CancellationToken cancellationToken)
    {
        var stored = await ReadAllAsync(encounters.Store, encounters.StreamIdFor(request.EncounterId), cancellationToken).ConfigureAwait(false);
        if (stored.Count == 0)
        {
            return new NotFoundError("encounter", request.EncounterId);
        }

        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        var windows = new Dictionary<string, List<Window>>(StringComparer.Ordinal); // characters, in order of joining
        var log = new List<EncounterLogEntry>();
        var name = "";
        foreach (var envelope in stored)
        {
            var @event = encounters.Decode(envelope);
            switch (@event)
            {
                case EncounterStarted started:
                    name = started.Name;
                    started.Combatants.ToList().ForEach(c => Join(c, envelope.Timestamp));
                    break;
                case CombatantAdded added:
                    Join(added.Combatant, envelope.Timestamp);
                    break;
                case CombatantRemoved removed when windows.TryGetValue(removed.CombatantId, out var open) && open[^1].To is null:
                    open[^1] = open[^1] with { To = envelope.Timestamp };
                    break;
                case EncounterEnded:
                    foreach (var list in windows.Values.Where(l => l[^1].To is null))
                    {
                        list[^1] = list[^1] with { To = envelope.Timestamp };
                    }

                    break;
            }

            log.Add(new EncounterLogEntry(
                envelope.Timestamp,
                null,
                name,
                envelope.Version,
                envelope.Type,
                EncounterLog.Describe(@event, id => names.GetValueOrDefault(id, id)),
                envelope.EventId));
        }

        var perCharacter = await Task.WhenAll(windows.Select(w => CharacterLinesAsync(w.Key, names[w.Key], w.Value, cancellationToken))).ConfigureAwait(false);

        // A stable sort: at the same instant (a blow and its targets' events are one commit) the encounter's line comes
        // first, then the characters in the order they joined, each in its own order.
        var merged = log.Concat(perCharacter.SelectMany(lines => lines)).OrderBy(e => e.Timestamp).ToList();
        _ = TryReadCursor(request.Cursor, out var from);
        var page = merged.Skip(from).Take(request.PageSize).ToList();
        var next = from + page.Count < merged.Count ? (from + page.Count).ToString(CultureInfo.InvariantCulture) : null;
        return new EncounterLogPage(request.EncounterId, page, next);

        void Join(CombatantEntry combatant, DateTimeOffset at)
        {
            names[combatant.Id] = combatant.Name;
            if (combatant.Kind == CombatantKind.Character)
            {
                if (!windows.TryGetValue(combatant.Id, out var list))
                {
                    windows[combatant.Id] = list = [];
                }

                list.Add(new Window(at, null));
            }
        }
    }

    /// <summary>Null (the first page) or a whole number of lines already read.</summary>
    internal static bool TryReadCursor(string? cursor, out int from)
    {
        from = 0;
        return cursor is null
            || (cursor.Length <= 9 && cursor.All(char.IsAsciiDigit) && int.TryParse(cursor, NumberStyles.None, CultureInfo.InvariantCulture, out from));
    }

    private async Task<IEnumerable<EncounterLogEntry>> CharacterLinesAsync(
        string characterId, string name, IReadOnlyList<Window> windows, CancellationToken cancellationToken)
    {
        var stored = await ReadAllAsync(characters.Store, characters.StreamIdFor(characterId), cancellationToken).ConfigureAwait(false);
        return stored
            .Where(e => windows.Any(w => w.From <= e.Timestamp && (w.To is null || e.Timestamp <= w.To)))
            .Select(e => new EncounterLogEntry(
                e.Timestamp, characterId, name, e.Version, e.Type, CharacterLog.Describe(characters.Decode(e)), e.EventId));
    }

    private static async Task<List<EventEnvelope>> ReadAllAsync(IEventStore store, StreamId stream, CancellationToken cancellationToken)
    {
        var all = new List<EventEnvelope>();
        string? token = null;
        do
        {
            var page = await store.ReadAsync(stream, 0, ReadPageSize, token, cancellationToken).ConfigureAwait(false);
            all.AddRange(page.Events);
            token = page.ContinuationToken;
        }
        while (token is not null);
        return all;
    }

    private sealed record Window(DateTimeOffset From, DateTimeOffset? To);
}
