using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using NSwag;
using NSwag.CodeGeneration.CSharp;

namespace Api.Contract.Tests;

/// <summary>
/// A C# client that nobody here wrote: NSwag generates it from the live OpenAPI document, Roslyn compiles it in process,
/// and the tests drive it by reflection, the way a caller of a client generated elsewhere would (by names and types that
/// come from the document only).
/// </summary>
internal sealed class GeneratedClient
{
    public const string Namespace = "HitPoints.Generated";
    public const string ClassName = "HitPointsClient";

    private GeneratedClient(Assembly assembly, string source)
    {
        Assembly = assembly;
        Source = source;
    }

    public Assembly Assembly { get; }

    public string Source { get; }

    public static async Task<GeneratedClient> FromLiveDocumentAsync(Uri documentAddress)
    {
        using var http = new HttpClient();
        var json = await http.GetStringAsync(documentAddress);
        var document = await OpenApiDocument.FromJsonAsync(json);
        var settings = new CSharpClientGeneratorSettings
        {
            ClassName = ClassName,
            GenerateClientInterfaces = false,
            // The response headers (ETag, Location) are part of the contract, so responses come wrapped with them.
            WrapResponses = true,
            GenerateResponseClasses = true,
            ResponseClass = "ApiResponse",
            ExceptionClass = "ApiException",
        };
        settings.CSharpGeneratorSettings.Namespace = Namespace;
        var source = new CSharpClientGenerator(document, settings).GenerateFile();
        if (Environment.GetEnvironmentVariable("GENERATED_CLIENT_OUT") is { Length: > 0 } file)
        {
            // To read what a user of the document gets: GENERATED_CLIENT_OUT=/tmp/client.cs dotnet test ...
            await File.WriteAllTextAsync(file, source);
        }

        return new GeneratedClient(Compile(source), source);
    }

    public Type Type(string name) =>
        Assembly.GetType($"{Namespace}.{name}") ?? throw new InvalidOperationException($"The generated client has no type {name}.");

    /// <summary>A new instance of the generated model <paramref name="name"/> with the given properties set.</summary>
    public object New(string name, IReadOnlyDictionary<string, object?> properties)
    {
        var type = Type(name);
        var instance = Activator.CreateInstance(type)!;
        foreach (var (property, value) in properties)
        {
            var info = type.GetProperty(property) ?? throw new InvalidOperationException($"{name} has no property {property}.");
            info.SetValue(instance, value);
        }

        return instance;
    }

    /// <summary>The generated enum member whose wire value is <paramref name="wireValue"/> ("slashing").</summary>
    public object Enum(string name, string wireValue)
    {
        var type = Type(name);
        foreach (var field in type.GetFields(BindingFlags.Public | BindingFlags.Static))
        {
            var member = field.GetCustomAttribute<System.Runtime.Serialization.EnumMemberAttribute>();
            if (string.Equals(member?.Value ?? field.Name, wireValue, StringComparison.Ordinal))
            {
                return field.GetValue(null)!;
            }
        }

        throw new InvalidOperationException($"{name} has no member for \"{wireValue}\".");
    }

    private static Assembly Compile(string source)
    {
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Where(path => path.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
            .Select(path => MetadataReference.CreateFromFile(path));
        var compilation = CSharpCompilation.Create(
            "HitPoints.Generated." + Guid.NewGuid().ToString("N"),
            [CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest))],
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        using var image = new MemoryStream();
        var emitted = compilation.Emit(image);
        var errors = emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (!emitted.Success)
        {
            throw new InvalidOperationException(
                $"The generated client does not compile ({errors.Count} errors):{Environment.NewLine}{string.Join(Environment.NewLine, errors.Take(20))}");
        }

        return Assembly.Load(image.ToArray());
    }
}

/// <summary>An instance of the generated client, called by operation name with arguments matched by parameter name.</summary>
/// <remarks>The client's base URL is the document's server URL, so a call that arrives proves that URL right too.</remarks>
internal sealed class ClientInstance(GeneratedClient generated, HttpClient http)
{
    private readonly object _client = Activator.CreateInstance(generated.Type(GeneratedClient.ClassName), http)!;

    public string? BaseUrl => (string?)_client.GetType().GetProperty("BaseUrl")?.GetValue(_client);

    /// <summary>
    /// Calls <c>{operation}Async</c>. Arguments are matched to the generated parameters by name, ignoring case and the
    /// underscores NSwag puts in header names (if_Match); parameters not given are null.
    /// </summary>
    public async Task<Outcome> CallAsync(string operation, params (string Name, object? Value)[] arguments)
    {
        var method = _client.GetType().GetMethods()
            .Where(m => m.Name == operation + "Async" && m.GetParameters().LastOrDefault()?.ParameterType == typeof(CancellationToken))
            .OrderByDescending(m => m.GetParameters().Length)
            .FirstOrDefault() ?? throw new InvalidOperationException($"The generated client has no {operation}Async.");
        var values = method.GetParameters().Select(p =>
            p.ParameterType == typeof(CancellationToken)
                ? CancellationToken.None
                : arguments.FirstOrDefault(a => Normalize(a.Name) == Normalize(p.Name!)).Value).ToArray();
        var unknown = arguments.Where(a => method.GetParameters().All(p => Normalize(p.Name!) != Normalize(a.Name))).Select(a => a.Name).ToList();
        if (unknown.Count > 0)
        {
            throw new InvalidOperationException(
                $"{method.Name} has no parameter {string.Join(", ", unknown)}; it has {string.Join(", ", method.GetParameters().Select(p => p.Name))}.");
        }

        var task = (Task)method.Invoke(_client, values)!;
        try
        {
            await task;
        }
        catch (Exception e) when (e.GetType().Name.StartsWith("ApiException", StringComparison.Ordinal))
        {
            return Outcome.From(e);
        }

        return Outcome.From(task.GetType().GetProperty("Result")!.GetValue(task)!);
    }

    private static string Normalize(string name) => name.Replace("_", string.Empty, StringComparison.Ordinal).ToUpperInvariant();
}

/// <summary>What a generated call returned: its status, headers and typed body (Result), or the typed problem it threw.</summary>
internal sealed record Outcome(int Status, IReadOnlyDictionary<string, IEnumerable<string>> Headers, object? Body, string? Error)
{
    public string? Header(string name) =>
        Headers.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value is { } values ? string.Join(",", values) : null;

    /// <summary>A property of the typed body, by its generated (PascalCase) name.</summary>
    public object? Get(string property) =>
        (Body ?? throw new InvalidOperationException($"No body ({Status}): {Error}")).GetType().GetProperty(property)?.GetValue(Body)
        ?? throw new InvalidOperationException($"{Body.GetType().Name} has no value for {property}.");

    public static Outcome From(object wrapper)
    {
        var type = wrapper.GetType();
        var status = (int)type.GetProperty("StatusCode")!.GetValue(wrapper)!;
        var headers = (IReadOnlyDictionary<string, IEnumerable<string>>)type.GetProperty("Headers")!.GetValue(wrapper)!;
        var body = type.GetProperty("Result")?.GetValue(wrapper);
        return new Outcome(status, headers, body, wrapper is Exception e ? e.Message : null);
    }
}
