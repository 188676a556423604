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

    public static IRuleBuilderOptions<T, Guid?> MustBeCommandId<T>(this IRuleBuilder<T, Guid?> rule) =>
        rule.Must(id => id is null || id != Guid.Empty).WithMessage("A command id, when given, is not the empty GUID.");

    public static IRuleBuilderOptions<T, long?> MustBeVersion<T>(this IRuleBuilder<T, long?> rule) =>
        rule.Must(v => v is null || v >= -1).WithMessage("An expected version is -1 (nothing yet) or more.");

    public static IRuleBuilderOptions<T, int> MustBePageSize<T>(this IRuleBuilder<T, int> rule, int max) =>
        rule.InclusiveBetween(1, max).WithMessage($"A page size is between 1 and {max}.");

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
