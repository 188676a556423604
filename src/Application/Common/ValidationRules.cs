using System.Text.RegularExpressions;
using FluentValidation;

namespace Application.Common;

/// <summary>Shape rules shared by several requests.</summary>
internal static partial class ValidationRules
{
    public const int MaxCharacterIdLength = 64;

    public static IRuleBuilderOptions<T, string> MustBeCharacterId<T>(this IRuleBuilderInitial<T, string> rule) =>
        rule.Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage("A character id is required.")
            .MaximumLength(MaxCharacterIdLength).WithMessage($"A character id has at most {MaxCharacterIdLength} characters.")
            .Matches(CharacterIdPattern()).WithMessage("A character id uses only letters, digits, '-' and '_'.");

    public static IRuleBuilderOptions<T, Guid?> MustBeCommandId<T>(this IRuleBuilder<T, Guid?> rule) =>
        rule.Must(id => id is null || id != Guid.Empty).WithMessage("A command id, when given, is not the empty GUID.");

    public static IRuleBuilderOptions<T, long?> MustBeVersion<T>(this IRuleBuilder<T, long?> rule) =>
        rule.Must(v => v is null || v >= -1).WithMessage("An expected version is -1 (no character yet) or more.");

    public static IRuleBuilderOptions<T, int> MustBePageSize<T>(this IRuleBuilder<T, int> rule, int max) =>
        rule.InclusiveBetween(1, max).WithMessage($"A page size is between 1 and {max}.");

    /// <summary>The rules every character command shares: its character id, command id and pinned version.</summary>
    public static void IncludeCharacterCommandRules<T>(this AbstractValidator<T> validator)
        where T : class, Characters.ICharacterCommand =>
        validator.Include(CharacterCommandRules.Instance);

    [GeneratedRegex("^[A-Za-z0-9_-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex CharacterIdPattern();
}

internal sealed class CharacterCommandRules : AbstractValidator<Characters.ICharacterCommand>
{
    public static readonly CharacterCommandRules Instance = new();

    private CharacterCommandRules()
    {
        RuleFor(c => c.CharacterId).MustBeCharacterId();
        RuleFor(c => c.CommandId).MustBeCommandId();
        RuleFor(c => c.ExpectedVersion).MustBeVersion();
    }
}
