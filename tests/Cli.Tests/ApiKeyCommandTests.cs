using System.Security.Cryptography;
using System.Text;

namespace Cli.Tests;

/// <summary><c>hp api-key</c>: a new random key, its SHA-256 hash and the API's settings for it (docs/security.md).</summary>
public sealed class ApiKeyCommandTests
{
    private readonly CliSession _hp = new();

    [Fact]
    public async Task Given_a_player_and_two_characters_When_making_a_key_Then_the_hash_is_the_keys_SHA256_and_the_settings_grant_both()
    {
        var output = await _hp.OkAsync("api-key", "--role", "player", "--name", "mialee", "--character", "abc", "--character", "def", "--index", "2");

        var lines = output.Split('\n', StringSplitOptions.TrimEntries);
        var key = lines.Single(l => l.StartsWith("key ", StringComparison.Ordinal))[4..].Trim();
        var hash = lines.Single(l => l.StartsWith("hash ", StringComparison.Ordinal))[5..].Trim();
        Assert.Equal(64, key.Length);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key))), hash);
        Assert.Contains($"export Api__Keys__2__Hash={hash} Api__Keys__2__Role=player", lines);
        Assert.Contains("export Api__Keys__2__Name=mialee", lines);
        Assert.Contains("export Api__Keys__2__Grants__character__0=abc", lines);
        Assert.Contains("export Api__Keys__2__Grants__character__1=def", lines);
        Assert.DoesNotContain(key, output.Replace($"key   {key}", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_two_runs_When_making_keys_Then_they_differ()
    {
        var first = await _hp.OkAsync("api-key", "--role", "reader");
        var second = await _hp.OkAsync("api-key", "--role", "reader");

        Assert.NotEqual(first.Split('\n')[0], second.Split('\n')[0]);
    }

    [Theory]
    [InlineData("player")]
    [InlineData("reader", "--character", "abc")]
    [InlineData("wizard")]
    public async Task Given_a_role_and_characters_that_do_not_fit_When_making_a_key_Then_exit_2(string role, params string[] more)
    {
        var run = await _hp.RunAsync(["api-key", "--role", role, .. more]);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(string.Empty, run.Out.Trim());
    }
}
