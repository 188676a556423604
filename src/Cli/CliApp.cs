using System.CommandLine;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using Microsoft.Extensions.DependencyInjection;

namespace Cli;

/// <summary>The whole CLI as a function, so tests run the real parser in-process with their own writers and services.</summary>
internal static class CliApp
{
    /// <param name="args">The command line, without the program name.</param>
    /// <param name="output">Where results go (stdout).</param>
    /// <param name="error">Where errors go (stderr).</param>
    /// <param name="overrides">Applied after the CLI's own registrations, e.g. to share one in-memory store between runs.</param>
    /// <param name="settings">Configuration on top of appsettings.json and the environment (below <c>--store</c>).</param>
    /// <param name="cancellationToken">Cancels the command.</param>
    /// <returns>The exit code (see <see cref="ExitCodes"/>).</returns>
    public static async Task<int> RunAsync(
        string[] args,
        TextWriter output,
        TextWriter error,
        Action<IServiceCollection>? overrides = null,
        IReadOnlyDictionary<string, string?>? settings = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);

        var globals = new GlobalOptions();
        var root = HpCommands.Build(globals, new CliRunner(globals, output, error, overrides, settings));
        root.Subcommands.Add(ApiKeyCommand.Build(output, error));
        var parse = root.Parse(args);
        if (parse.Action is ParseErrorAction)
        {
            // Handled here rather than by System.CommandLine, whose parse errors exit with 1: invalid input is 2.
            var path = string.Join(' ', Path(parse.CommandResult));
            return new Reporter(output, error, parse.GetValue(globals.Json)).InvalidArguments(parse.Errors, path);
        }

        var invocation = new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false };
        return await parse.InvokeAsync(invocation, cancellationToken).ConfigureAwait(false);
    }

    // "hp max-hp increase": the command and its parents, root first.
    private static Stack<string> Path(CommandResult command)
    {
        var names = new Stack<string>();
        for (SymbolResult? result = command; result is CommandResult current; result = current.Parent)
        {
            names.Push(current.Command.Name);
        }

        return names;
    }
}
