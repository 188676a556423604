namespace Benchmarks.Tests;

/// <summary>One smoke run shared by every test class that reads it (a class fixture would run it once per class).</summary>
[CollectionDefinition(Name)]
public sealed class SmokeRunCollection : ICollectionFixture<SmokeRunFixture>
{
    public const string Name = "benchmark smoke run";
}
