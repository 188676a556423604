using System.Net;
using System.Text.RegularExpressions;

namespace Api.Tests;

/// <summary>The OpenAPI document points readers at documentation that exists.</summary>
public sealed partial class OpenApiDescriptionTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = factory.Client();

    [Fact]
    public async Task Given_the_OpenAPI_document_When_its_description_names_a_README_section_Then_the_README_has_that_section()
    {
        var openApi = await _client.Get("/openapi/v1.json");

        Assert.Equal(HttpStatusCode.OK, openApi.Status);
        var description = openApi.Json.GetProperty("info").GetProperty("description").GetString()!;
        Assert.DoesNotContain("docs/", description, StringComparison.Ordinal);
        var section = SectionReference().Match(description);
        Assert.True(section.Success, $"The description names no README section: {description}");

        var readme = await File.ReadAllLinesAsync(Path.Combine(RepositoryRoot(), "README.md"));
        Assert.Contains(readme, line => line.TrimStart('#').Trim() == section.Groups["title"].Value && line.StartsWith('#'));
    }

    private static string RepositoryRoot()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Hexagonal.sln")))
        {
            root = root.Parent;
        }

        return root?.FullName ?? throw new InvalidOperationException("No Hexagonal.sln above the test binaries.");
    }

    [GeneratedRegex("README\\.md, section \"(?<title>[^\"]+)\"")]
    private static partial Regex SectionReference();
}
