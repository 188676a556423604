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
            ["Hit points", $"{c.CurrentHitPoints} / {c.MaximumHitPoints}"],
            ["Temporary HP", Number(c.TemporaryHitPoints)],
            ["Condition", Lower(c.Condition)],
            ["Death saves", $"{c.DeathSaveSuccesses} successes, {c.DeathSaveFailures} failures"],
            ["Resistant to", List(c.Resistances)],
            ["Vulnerable to", List(c.Vulnerabilities)],
            ["Immune to", List(c.Immunities)],
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

    private static string List(IReadOnlyList<DamageType> types) => types.Count == 0 ? "-" : string.Join(", ", types.Select(Lower));

    private static string Lower<T>(T value)
        where T : struct, Enum => value.ToString().ToLowerInvariant();

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
