using System.Globalization;
using Application.Characters;
using Domain;

namespace Cli;

/// <summary>The human-readable renderings: aligned plain-text tables, so output stays readable when piped or logged.</summary>
internal static class TextOutput
{
    public static void Character(TextWriter output, CharacterView c)
    {
        Table(output, null,
        [
            ["Character", c.CharacterId],
            ["Name", c.Name],
            ["Level", Number(c.Level)],
            ["Hit points", $"{c.CurrentHitPoints} / {c.MaximumHitPoints}"],
            ["Maximum HP", Maximum(c)],
            ["Temporary HP", Number(c.TemporaryHitPoints)],
            ["Condition", Lower(c.Condition)],
            ["Death saves", $"{c.DeathSaveSuccesses} successes, {c.DeathSaveFailures} failures"],
            ["Hit Dice", $"{Number(c.HitDiceLeft)} of {Number(c.Level)} left, " + (c.HitDie is { } die ? $"d{(int)die}" : "die unknown")],
            ["Constitution", Signed(c.ConstitutionModifier)],
            ["Resistant to", Defenses(c, Defense.Resistance, c.Resistances)],
            ["Vulnerable to", Defenses(c, Defense.Vulnerability, c.Vulnerabilities)],
            ["Immune to", Defenses(c, Defense.Immunity, c.Immunities)],
            ["Version", Number(c.Version)],
        ]);
    }

    public static void Command(TextWriter output, CommandOutcome outcome)
    {
        output.WriteLine($"{outcome.Action} {outcome.Character.Name} ({outcome.CharacterId}), now at version {Number(outcome.Version)}.");
        output.WriteLine();
        Character(output, outcome.Character);
    }

    public static void History(TextWriter output, HistoryPage page)
    {
        Table(
            output,
            ["VERSION", "TIME (UTC)", "TYPE", "WHAT HAPPENED"],
            page.Events.Select(e => new[]
            {
                Number(e.Version),
                e.Timestamp.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                e.Type,
                e.Description,
            }).ToList());
        More(output, page.NextCursor, $"hp history {page.CharacterId}");
    }

    public static void EncounterLog(TextWriter output, Application.Encounters.EncounterLogPage page)
    {
        Table(
            output,
            ["TIME (UTC)", "WHO", "WHAT HAPPENED"],
            page.Events.Select(e => new[]
            {
                e.Timestamp.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                e.CombatantId is null ? "(encounter)" : e.Name,
                e.Description,
            }).ToList());
        More(output, page.NextCursor, $"hp log {page.EncounterId}");
    }

    public static void Board(TextWriter output, Application.Projections.Board board)
    {
        if (board.Characters.Count == 0)
        {
            output.WriteLine("The board is empty (the projections run in the API and the worker).");
            return;
        }

        Table(
            output,
            ["ID", "NAME", "HP", "TEMP", "CONDITION", "DEATH SAVES", "VERSION", "CHANGED (UTC)"],
            board.Characters.Select(c => new[]
            {
                c.CharacterId,
                c.Name,
                $"{Number(c.CurrentHitPoints)} / {Number(c.MaximumHitPoints)}",
                Number(c.TemporaryHitPoints),
                c.Condition.ToString().ToLowerInvariant(),
                $"{Number(c.DeathSaveSuccesses)}+ {Number(c.DeathSaveFailures)}-",
                c.Version.ToString(CultureInfo.InvariantCulture),
                c.ChangedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
            }).ToList());
    }

    public static void Verification(TextWriter output, Application.Projections.ProjectionVerification verification)
    {
        foreach (var difference in verification.Differences)
        {
            output.WriteLine($"{difference.Projection} {difference.Stream}: {difference.Problem}");
        }

        output.WriteLine(verification.Differences.Count == 0
            ? $"No differences: {string.Join(", ", verification.Projections)} equal the replay of their streams."
            : $"{verification.Differences.Count} differences.");
    }

    public static void List(TextWriter output, CharacterListPage page)
    {
        if (page.Characters.Count == 0)
        {
            output.WriteLine("No characters yet. Create one with: hp create \"Name\" --max-hp 8");
            return;
        }

        Table(
            output,
            ["ID", "NAME", "MAX HP", "CREATED (UTC)"],
            page.Characters.Select(c => new[]
            {
                c.CharacterId,
                c.Name,
                Number(c.MaximumHitPoints),
                c.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
            }).ToList());
        More(output, page.NextCursor, "hp list");
    }

    private static void More(TextWriter output, string? cursor, string command)
    {
        if (cursor is not null)
        {
            output.WriteLine();
            output.WriteLine($"More: {command} --cursor {cursor}");
        }
    }

    private static void Table(TextWriter output, string[]? header, IReadOnlyList<string[]> rows)
    {
        var all = header is null ? rows : [header, .. rows];
        var widths = Enumerable.Range(0, all.Max(r => r.Length))
            .Select(i => all.Max(r => i < r.Length ? r[i].Length : 0))
            .ToArray();
        foreach (var row in all)
        {
            var cells = row.Select((cell, i) => i == row.Length - 1 ? cell : cell.PadRight(widths[i]));
            output.WriteLine(string.Join("  ", cells).TrimEnd());
        }
    }

    // "13 = 10 base + 5 aid - 2 until a long rest", or just "10" when nothing changes it.
    private static string Maximum(CharacterView c)
    {
        if (c.MaximumIncreases.Count == 0 && c.MaximumReduction == 0)
        {
            return Number(c.MaximumHitPoints);
        }

        var text = $"{Number(c.MaximumHitPoints)} = {Number(c.BaseMaximumHitPoints)} base";
        text += string.Concat(c.MaximumIncreases.Select(i => $" + {Number(i.Amount)} {i.Source}"));
        return c.MaximumReduction == 0 ? text : text + $" - {Number(c.MaximumReduction)} until a long rest";
    }

    // "cold, fire (rage)": a defence gained from a source names it; the character's own (from creation) does not.
    private static string Defenses(CharacterView c, Defense defense, IReadOnlyList<DamageType> types) =>
        types.Count == 0 ? "-" : string.Join(", ", types.Select(type =>
        {
            var grants = c.Defenses.Where(g => g.Defense == defense && g.DamageType == type).ToList();
            var sources = grants.Where(g => g.Source is not null).Select(g => g.Source!).ToList();
            if (sources.Count == 0)
            {
                return Lower(type);
            }

            return grants.Any(g => g.Source is null)
                ? $"{Lower(type)} (own, {string.Join(", ", sources)})"
                : $"{Lower(type)} ({string.Join(", ", sources)})";
        }));

    private static string Signed(int value) => value.ToString("+0;-0;0", CultureInfo.InvariantCulture);

    private static string Lower<T>(T value)
        where T : struct, Enum => value.ToString().ToLowerInvariant();

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
