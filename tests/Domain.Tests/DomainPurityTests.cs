using System.Xml.Linq;

namespace Domain.Tests;

public sealed class DomainPurityTests
{
    [Fact]
    public void Given_the_domain_assembly_When_its_references_are_listed_Then_only_the_base_class_library_is_there()
    {
        var references = typeof(CharacterHitPoints).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();

        Assert.NotEmpty(references);
        Assert.All(references, name => Assert.True(
            name is "System.Runtime" or "System.Collections" or "System.Linq" or "netstandard" or "mscorlib",
            $"The domain references {name}."));
    }

    [Fact]
    public void Given_the_domain_project_file_When_read_Then_it_has_no_package_or_project_references()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Hexagonal.sln")))
        {
            root = root.Parent;
        }

        Assert.NotNull(root);
        var project = XDocument.Load(Path.Combine(root.FullName, "src", "Domain", "Domain.csproj"));

        Assert.DoesNotContain(project.Descendants(), e => e.Name.LocalName is "PackageReference" or "ProjectReference" or "Reference");
    }
}
