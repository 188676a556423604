using Application.Common;
using EventSourcing;

namespace Cli;

/// <summary>The process exit codes, and the one place where an application error becomes one.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;
    public const int Infrastructure = 1;
    public const int InvalidInput = 2;
    public const int NotFound = 3;
    public const int Conflict = 4;
    public const int RuleBroken = 5;

    /// <summary><c>hp projections verify</c> found a projection that differs from the replay of its streams.</summary>
    public const int Differences = 6;

    /// <summary>Ctrl+C, by the shell convention 128 + SIGINT.</summary>
    public const int Cancelled = 130;

    public static int For(Error error) => error switch
    {
        ValidationError => InvalidInput,
        NotFoundError => NotFound,
        ConflictError => Conflict,
        RuleBrokenError => RuleBroken,

        // The issue asks for exit 2 with a message: the caller sent input that cannot be accepted under that id.
        IdempotencyKeyReusedError => InvalidInput,
        _ => throw new ArgumentOutOfRangeException(nameof(error), error, "An application error the CLI does not know."),
    };
}
