using System.CommandLine.Parsing;
using System.Text.Json;
using Application.Common;
using EventSourcing;

namespace Cli;

/// <summary>
/// Writes results: values to stdout, as text or JSON, and errors to stderr. Every command ends here, so errors
/// look the same everywhere and map to exit codes in one place.
/// </summary>
internal sealed class Reporter(TextWriter output, TextWriter error, bool json)
{
    // Named like the stored events and the API ("massive-damage"), so a script sees one spelling everywhere.
    public static JsonSerializerOptions JsonOptions { get; } = EventTypeRegistry.ApplyNamingConvention(new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,

        // Terminal and script output, never embedded in HTML: keep quotes and accents readable.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    // The application names fields after its requests; a CLI user knows them by argument and option.
    private static readonly Dictionary<string, string> FieldNames = new(StringComparer.Ordinal)
    {
        ["characterId"] = "ID",
        ["name"] = "NAME",
        ["amount"] = "AMOUNT",
        ["roll"] = "ROLL",
        ["rolls"] = "ROLLS",
        ["hours"] = "HOURS",
        ["method"] = "METHOD",
        ["by"] = "--by",
        ["check"] = "--check",
        ["spell"] = "--spell",
        ["hitPoints"] = "--hp",
        ["maximumHitPointsIncrease"] = "INCREASE",
        ["constitutionModifier"] = "MODIFIER",
        ["defense"] = "KIND",
        ["damageTypes"] = "TYPES",
        ["level"] = "--level",
        ["hitDie"] = "--hit-die",
        ["maximumHitPoints"] = "--max-hp",
        ["resistances"] = "--resist",
        ["vulnerabilities"] = "--vulnerable",
        ["immunities"] = "--immune",
        ["parts"] = "PARTS",
        ["damageType"] = "--type",
        ["source"] = "--source",
        ["note"] = "--note",
        ["commandId"] = "--command-id",
        ["expectedVersion"] = "--expected-version",
        ["cursor"] = "--cursor",
        ["pageSize"] = "--page-size",
    };

    /// <param name="result">What the application answered.</param>
    /// <param name="renderText">How a success reads as text.</param>
    /// <param name="fieldNames">Per-command names for validation fields, over the defaults.</param>
    public int Report<T>(Result<T> result, Action<TextWriter, T> renderText, IReadOnlyDictionary<string, string>? fieldNames = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(renderText);
        if (!result.IsSuccess)
        {
            return Fail(result.Error!, fieldNames);
        }

        if (json)
        {
            output.WriteLine(JsonSerializer.Serialize(result.Value, JsonOptions));
        }
        else
        {
            renderText(output, result.Value);
        }

        return ExitCodes.Ok;
    }

    public int Fail(Error failure, IReadOnlyDictionary<string, string>? fieldNames = null)
    {
        ArgumentNullException.ThrowIfNull(failure);
        var fields = failure is ValidationError validation
            ? validation.Fields.Select(f => new { field = CliName(f.Field, fieldNames), message = f.Message }).ToList()
            : null;
        if (json)
        {
            var body = failure switch
            {
                ConflictError c => (object)new { code = c.Code, message = c.Message, expectedVersion = c.ExpectedVersion, actualVersion = c.ActualVersion },
                ValidationError v => new { code = v.Code, message = "The input is not valid.", fields },
                _ => new { code = failure.Code, message = failure.Message },
            };
            error.WriteLine(JsonSerializer.Serialize(new { error = body }, JsonOptions));
        }
        else if (fields is not null)
        {
            error.WriteLine("error: invalid input");
            foreach (var field in fields)
            {
                error.WriteLine($"  {field.field}: {field.message}");
            }
        }
        else
        {
            error.WriteLine($"error: {failure.Message}");
        }

        return ExitCodes.For(failure);
    }

    /// <summary>The command line itself did not parse: unknown command, missing argument, a value of the wrong type.</summary>
    public int InvalidArguments(IReadOnlyList<ParseError> errors, string commandPath)
    {
        if (json)
        {
            var body = new { code = "invalid-arguments", message = "The command line is not valid.", errors = errors.Select(e => e.Message) };
            error.WriteLine(JsonSerializer.Serialize(new { error = body }, JsonOptions));
        }
        else
        {
            foreach (var parseError in errors)
            {
                error.WriteLine($"error: {parseError.Message}");
            }

            error.WriteLine($"Run '{commandPath} --help' for usage.");
        }

        return ExitCodes.InvalidInput;
    }

    /// <summary>An infrastructure fault (or a bug): the store is unreachable, the configuration is wrong. No stack trace.</summary>
    public int Infrastructure(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var message = exception is EventStoreUnavailableException
            ? $"the event store is unavailable: {exception.Message}"
            : exception.Message;
        if (json)
        {
            error.WriteLine(JsonSerializer.Serialize(new { error = new { code = "infrastructure", message } }, JsonOptions));
        }
        else
        {
            error.WriteLine($"error: {message}");
        }

        return ExitCodes.Infrastructure;
    }

    public int Cancelled()
    {
        error.WriteLine("cancelled");
        return ExitCodes.Cancelled;
    }

    // "resistances[1]" -> "--resist[1]"; an override may name a whole field ("parts[0].amount").
    private static string CliName(string field, IReadOnlyDictionary<string, string>? overrides)
    {
        if (overrides is not null && overrides.TryGetValue(field, out var exact))
        {
            return exact;
        }

        var bracket = field.IndexOf('[', StringComparison.Ordinal);
        var name = bracket < 0 ? field : field[..bracket];
        return overrides is not null && overrides.TryGetValue(name, out var specific) ? specific + field[name.Length..]
            : FieldNames.TryGetValue(name, out var cli) ? cli + field[name.Length..]
            : field;
    }
}
