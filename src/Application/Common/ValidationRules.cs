using System.Globalization;
using System.Text.RegularExpressions;
using EventSourcing;
using FluentValidation;

namespace Application.Common;

/// <summary>Shape rules shared by several requests of any aggregate.</summary>
internal static partial class ValidationRules
{
    public const int MaxIdLength = 64;

    public static IRuleBuilderOptions<T, string> MustBeId<T>(this IRuleBuilderInitial<T, string> rule) =>
        rule.Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage("An id is required.")
            .MaximumLength(MaxIdLength).WithMessage($"An id has at most {MaxIdLength} characters.")
            .Matches(IdPattern()).WithMessage("An id uses only letters, digits, '-' and '_'.");

    public static IRuleBuilderOptions<T, string> MustBeId<T>(this IRuleBuilderInitialCollection<T, string> rule) =>
        rule.Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage("An id is required.")
            .MaximumLength(MaxIdLength).WithMessage($"An id has at most {MaxIdLength} characters.")
            .Matches(IdPattern()).WithMessage("An id uses only letters, digits, '-' and '_'.");

    public static IRuleBuilderOptions<T, Guid?> MustBeCommandId<T>(this IRuleBuilder<T, Guid?> rule) =>
        rule.Must(id => id is null || id != Guid.Empty).WithMessage("A command id, when given, is not the empty GUID.");

    public static IRuleBuilderOptions<T, long?> MustBeVersion<T>(this IRuleBuilder<T, long?> rule) =>
        rule.Must(v => v is null || v >= -1).WithMessage("An expected version is -1 (nothing yet) or more.");

    public static IRuleBuilderOptions<T, int> MustBePageSize<T>(this IRuleBuilder<T, int> rule, int max) =>
        rule.InclusiveBetween(1, max).WithMessage($"A page size is between 1 and {max}.");

    /// <summary>
    /// Free text a person typed (a name, a source, a note): no control characters (Unicode Cc: NUL, BEL, ESC, CR, LF, TAB…),
    /// no bidirectional overrides or isolates (U+202A–U+202E, U+2066–U+2069) and no zero-width characters (U+200B–U+200D,
    /// U+2060, U+FEFF), which would hide or reorder what a reader sees; and at most <paramref name="maxLength"/> characters
    /// once trimmed, counted as a reader counts them (text elements, so "é" written as e + accent and an emoji are one each).
    /// Null passes: whether the text is required is the caller's rule.
    /// </summary>
    public static IRuleBuilderOptions<T, string?> MustBeCleanText<T>(this IRuleBuilder<T, string?> rule, string what, int maxLength) =>
        rule.Must(text => text is null || FirstUnsafeCharacter(text) is null)
            .WithMessage((_, text) => $"{what} contains {Describe(FirstUnsafeCharacter(text!)!.Value)}, which is not allowed.")
            .Must(text => text is null || new StringInfo(text.Trim()).LengthInTextElements <= maxLength)
            .WithMessage($"{what} has at most {maxLength} characters.");

    /// <summary>The first character that <see cref="MustBeCleanText{T}"/> refuses, or null.</summary>
    private static char? FirstUnsafeCharacter(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var c in text)
        {
            if (Kind(c) is not UnsafeKind.None)
            {
                return c;
            }
        }

        return null;
    }

    private enum UnsafeKind
    {
        None,
        Control,
        Bidi,
        ZeroWidth,
    }

    private static UnsafeKind Kind(char c) => c switch
    {
        _ when char.IsControl(c) => UnsafeKind.Control,
        >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069' => UnsafeKind.Bidi,
        >= '\u200B' and <= '\u200D' or '\u2060' or '\uFEFF' => UnsafeKind.ZeroWidth,
        _ => UnsafeKind.None,
    };

    private static string Describe(char c)
    {
        var code = ((int)c).ToString("X4", CultureInfo.InvariantCulture);
        return Kind(c) switch
        {
            UnsafeKind.Control => $"a control character (U+{code})",
            UnsafeKind.Bidi => $"a bidirectional override or isolate (U+{code})",
            _ => $"a zero-width character (U+{code})",
        };
    }

    /// <summary>The rules every command shares besides its aggregate's id: its command id and pinned version.</summary>
    public static void IncludeCommandRules<T>(this AbstractValidator<T> validator)
        where T : class, IAggregateCommand =>
        validator.Include(CommandRules.Instance);

    [GeneratedRegex("^[A-Za-z0-9_-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();
}

internal sealed class CommandRules : AbstractValidator<IAggregateCommand>
{
    public static readonly CommandRules Instance = new();

    private CommandRules()
    {
        RuleFor(c => c.CommandId).MustBeCommandId();
        RuleFor(c => c.ExpectedVersion).MustBeVersion();
    }
}
