using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Cli;

/// <summary>
/// <c>hp api-key</c>: makes a random API key and prints it with its SHA-256 hash and the settings that give it to the
/// API (docs/security.md). It needs no store, so it builds no services.
/// </summary>
internal static class ApiKeyCommand
{
    private static readonly string[] Roles = ["dm", "player", "reader"];

    public static Command Build(TextWriter output, TextWriter error)
    {
        var role = new Option<string>("--role") { Description = "dm (everything), player (its own characters, no damage) or reader.", DefaultValueFactory = _ => "player" };
        role.AcceptOnlyFromAmong(Roles);
        var name = new Option<string?>("--name") { Description = "A name for the key, shown by GET /session." };
        var characters = new Option<string[]>("--character") { Description = "A character the player key may write (repeat for several).", AllowMultipleArgumentsPerToken = true };
        var index = new Option<int>("--index") { Description = "N in Api__Keys__N__ (one per key).", DefaultValueFactory = _ => 0 };
        var command = new Command("api-key", "Make an API key for the HTTP API: prints the key, its SHA-256 hash and the Api__Keys settings.")
        {
            role, name, characters, index,
        };
        command.SetAction(parse =>
        {
            var chosen = parse.GetValue(role)!;
            var ids = parse.GetValue(characters) ?? [];
            if (chosen == "player" && ids.Length == 0)
            {
                error.WriteLine("--character: a player key needs at least one character id.");
                return ExitCodes.InvalidInput;
            }

            if (chosen != "player" && ids.Length > 0)
            {
                error.WriteLine("--character: only a player key is limited to characters.");
                return ExitCodes.InvalidInput;
            }

            var key = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
            var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
            var prefix = string.Create(CultureInfo.InvariantCulture, $"Api__Keys__{parse.GetValue(index)}__");
            output.WriteLine($"key   {key}");
            output.WriteLine($"hash  {hash}");
            output.WriteLine();
            output.WriteLine("Give the API the hash, never the key:");
            output.WriteLine($"export {prefix}Hash={hash} {prefix}Role={chosen}");
            if (parse.GetValue(name) is { Length: > 0 } named)
            {
                output.WriteLine($"export {prefix}Name={named}");
            }

            for (var i = 0; i < ids.Length; i++)
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"export {prefix}Grants__character__{i}={ids[i]}"));
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
