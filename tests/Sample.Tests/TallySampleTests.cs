using System.Reflection;
using System.Xml.Linq;
using DynamoDbLocal;
using Tally;

namespace Sample.Tests;

[CollectionDefinition(DynamoDbLocalFixture.Collection)]
public sealed class DynamoDbLocalCollection : ICollectionFixture<DynamoDbLocalFixture>;

/// <summary>The store as a library: a tiny aggregate on the core and the DynamoDB adapter, with no character in reach.</summary>
[Collection(DynamoDbLocalFixture.Collection)]
public sealed class TallySampleTests(DynamoDbLocalFixture dynamo)
{
    [Fact]
    public async Task Given_DynamoDB_Local_When_the_sample_runs_Then_it_counts_to_25_from_a_snapshot_and_answers_the_retry_once()
    {
        var table = DynamoDbLocalServer.NewTableName("tally");
        using var output = new StringWriter();

        var state = await TallyApp.RunAsync(dynamo.ServiceUrl, table, output);

        Assert.Equal(("goblins slain", 25), (state.Name, state.Count));
        var line = output.ToString();
        Assert.Contains("count 25, version 25, snapshot at 19, retry answered with version 8", line, StringComparison.Ordinal);
        await dynamo.Server.DeleteTableAsync(table);
    }

    [Fact]
    public void Given_the_sample_When_its_references_are_followed_Then_no_character_domain_or_use_case_is_in_reach()
    {
        var loaded = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Queue<AssemblyName>([typeof(TallyApp).Assembly.GetName()]);
        while (pending.TryDequeue(out var name))
        {
            if (!loaded.Add(name.Name!) || name.Name!.StartsWith("System", StringComparison.Ordinal) || name.Name.StartsWith("Microsoft", StringComparison.Ordinal)
                || name.Name is "netstandard" or "mscorlib")
            {
                continue;
            }

            foreach (var reference in Assembly.Load(name).GetReferencedAssemblies())
            {
                pending.Enqueue(reference);
            }
        }

        Assert.Contains("EventSourcing", loaded);
        Assert.Contains("Adapters.DynamoDb", loaded);
        Assert.DoesNotContain("Domain", loaded);
        Assert.DoesNotContain("Application", loaded);
        Assert.DoesNotContain("MediatR", loaded);
    }

    [Fact]
    public void Given_the_project_files_When_project_references_are_followed_Then_they_reach_only_the_core_and_the_adapter()
    {
        var root = FindRepositoryRoot();
        var reached = new SortedSet<string>(StringComparer.Ordinal);
        var pending = new Queue<string>([Path.Combine(root, "samples", "Tally", "Tally.csproj")]);
        while (pending.TryDequeue(out var project))
        {
            foreach (var include in XDocument.Load(project).Descendants("ProjectReference").Select(r => (string)r.Attribute("Include")!))
            {
                var path = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(project)!, include.Replace('\\', Path.DirectorySeparatorChar)));
                if (reached.Add(Path.GetFileNameWithoutExtension(path)))
                {
                    pending.Enqueue(path);
                }
            }
        }

        Assert.Equal(["Adapters.DynamoDb", "EventSourcing"], reached);
    }

    private static string FindRepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Hexagonal.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Hexagonal.sln not found above the test's folder.");
    }
}
