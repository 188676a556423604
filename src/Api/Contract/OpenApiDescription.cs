using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Api.Http;
using Api.Security;
using Application.Common;
using Application.Events;
using EventSourcing;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;

namespace Api.Contract;

/// <summary>
/// Makes the OpenAPI document exact: what the endpoint signatures cannot show (the API key, the headers, the statuses
/// and their problem shapes, declared with <see cref="ApiContract"/>) and what the JSON conventions change (enums are
/// kebab-case strings; a member the request requires is never null; bounds).
/// </summary>
internal static class OpenApiDescription
{
    private const string IdPattern = "^[A-Za-z0-9_-]+$";
    private const int MaxIdLength = 64;

    public static void Configure(OpenApiOptions options)
    {
        options.AddDocumentTransformer(DescribeDocument);
        options.AddOperationTransformer(DescribeOperation);
        options.AddSchemaTransformer(DescribeSchema);
    }

    private static async Task DescribeDocument(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken ct)
    {
        document.Info.Title = "Hexagonal hit points API";
        document.Info.Description =
            "Character hit points by the D&D 5e (SRD 5.1) rules, event-sourced: every change is an event, and a character's state is folded from them. "
            + "Writes need the X-Api-Key header; errors are RFC 9457 problem details. See README.md, section \"The HTTP API\".";
        document.Info.License = new OpenApiLicense { Name = "MIT", Identifier = "MIT" };

        // Relative server URLs keep the document right behind any host name; a trailing slash would double the slash
        // between the server and every path.
        foreach (var server in document.Servers ?? [])
        {
            server.Url = server.Url?.TrimEnd('/');
        }

        document.Tags ??= new HashSet<OpenApiTag>();
        foreach (var tag in document.Tags.Where(t => t.Description is null && t.Name is not null))
        {
            tag.Description = TagDescriptions.GetValueOrDefault(tag.Name!, $"The {tag.Name} resources.");
        }

        document.Components ??= new OpenApiComponents();
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal);
        foreach (var name in RequestSchemas(document))
        {
            RequiredIsNotNull(document.Components.Schemas[name] as OpenApiSchema);
        }

        foreach (var (entry, registry) in EventPayloads)
        {
            await DescribeEventPayloads(document, context, entry, registry, ct);
        }

        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>(StringComparer.Ordinal);
        document.Components.SecuritySchemes[ApiKeyAuthenticationHandler.SchemeName] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = ApiKeys.HeaderName,
            Description = "An API key; the server holds only its SHA-256 hash.",
        };
    }

    /// <summary>
    /// History entries carry the event as <c>event</c>, whose CLR type is object. Each aggregate's event registry names the
    /// payloads it can hold, so the member is described as one of them (the entry's <c>type</c> says which), never as {}.
    /// </summary>
    private static readonly (string EntrySchema, EventTypeRegistry Registry)[] EventPayloads =
    [
        (nameof(Application.Characters.HistoryEntry), CharacterEventTypes.CreateRegistry()),
    ];

    private static async Task DescribeEventPayloads(
        OpenApiDocument document, OpenApiDocumentTransformerContext context, string entrySchema, EventTypeRegistry registry, CancellationToken ct)
    {
        if (document.Components?.Schemas is null || !document.Components.Schemas.TryGetValue(entrySchema, out var found)
            || found is not OpenApiSchema entry || entry.Properties is null)
        {
            return;
        }

        var payloads = new List<IOpenApiSchema>();
        foreach (var (type, storedName) in registry.EventTypes.OrderBy(e => e.Value, StringComparer.Ordinal))
        {
            var schema = await context.GetOrCreateSchemaAsync(type, null, ct);
            schema.Description = $"The payload of {storedName}.";
            if (schema is OpenApiSchema concrete)
            {
                NullableEnumsMayBeNull(type, concrete, document);
            }
            document.AddComponent(type.Name, schema);
            payloads.Add(new OpenApiSchemaReference(type.Name, document));
        }

        entry.Properties["event"] = new OpenApiSchema
        {
            Description = "The event's payload, as of its current schema version: the one of these that the entry's type names.",
            // anyOf, not oneOf: several payloads share members (amount, source), so a payload may match more than one.
            AnyOf = payloads,
        };
        if (entry.Properties.TryGetValue("type", out var typeProperty) && typeProperty is OpenApiSchema typeMember)
        {
            typeMember.Description = "The event's stored type and schema version, such as damage-taken.v2 (older versions are read as the current one).";
        }
    }

    private static readonly Dictionary<string, string> TagDescriptions = new(StringComparer.Ordinal)
    {
        ["Characters"] = "Characters and their hit points: create, read, the history of events, and one command per SRD rule.",
        ["Encounters"] = "Encounters: initiative, turns and rounds, and blows that hit several characters in one atomic commit.",
    };

    private static Task DescribeOperation(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var api = context.ApplicationServices.GetRequiredService<IOptions<ApiOptions>>().Value;

        if (metadata.OfType<ContractOperation>().LastOrDefault() is var kind && metadata.OfType<ContractOperation>().Any())
        {
            var keyRequired = kind == ContractOperation.Command || api.RequireKeyForReads;
            operation.Security =
            [
                new OpenApiSecurityRequirement
                {
                    [new OpenApiSecuritySchemeReference(ApiKeyAuthenticationHandler.SchemeName, context.Document)] = [],
                },
            ];
            if (kind == ContractOperation.KeyOptional)
            {
                operation.Security.Add(new OpenApiSecurityRequirement());
            }
            else if (!keyRequired)
            {
                // Reads are open: the key is optional (an empty requirement), and 401/403 never come back.
                operation.Security.Add(new OpenApiSecurityRequirement());
                operation.Responses?.Remove("401");
                operation.Responses?.Remove("403");
            }
        }

        // A body that is not there cannot be too large or of the wrong type.
        if (operation.RequestBody is null)
        {
            operation.Responses?.Remove("413");
            operation.Responses?.Remove("415");
        }

        operation.Parameters ??= [];
        foreach (var header in metadata.OfType<RequestHeaderMetadata>().Select(m => m.Header).DistinctBy(h => h.Name))
        {
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = header.Name,
                In = ParameterLocation.Header,
                Required = false,
                Description = header.Description,
                Schema = HeaderSchema(header),
            });
        }

        var paged = metadata.OfType<PagedMetadata>().LastOrDefault();
        var maxPageSize = context.ApplicationServices.GetRequiredService<IOptions<ApplicationOptions>>().Value.MaxPageSize;
        foreach (var parameter in operation.Parameters.OfType<OpenApiParameter>())
        {
            switch (parameter.In, parameter.Name)
            {
                case (ParameterLocation.Path, "id"):
                    parameter.Description ??= "The resource's id: letters, digits, '-' and '_'.";
                    parameter.Schema = new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1, MaxLength = MaxIdLength, Pattern = IdPattern };
                    break;
                case (ParameterLocation.Query, "pageSize") when paged is not null:
                    parameter.Description = $"How many items a page holds, 1 to {maxPageSize}; {paged.DefaultPageSize} when absent.";
                    parameter.Schema = new OpenApiSchema
                    {
                        Type = JsonSchemaType.Integer,
                        Format = "int32",
                        Minimum = "1",
                        Maximum = maxPageSize.ToString(CultureInfo.InvariantCulture),
                        Default = JsonValue.Create(paged.DefaultPageSize),
                    };
                    break;
                case (ParameterLocation.Query, "cursor") when paged is not null:
                    parameter.Description = "The nextCursor of the previous page, as given (signed by the server; one that was altered or made by hand is 400); absent for the first page.";
                    parameter.Schema = new OpenApiSchema { Type = JsonSchemaType.String };
                    break;
            }
        }

        foreach (var (status, response) in operation.Responses ?? [])
        {
            if (response is not OpenApiResponse concrete)
            {
                continue;
            }

            var code = int.Parse(status, NumberStyles.None, CultureInfo.InvariantCulture);
            if (ResponseDescriptions.TryGetValue(code, out var description))
            {
                concrete.Description = description;
            }
            foreach (var header in metadata.OfType<ResponseHeaderMetadata>().Where(h => h.Status == code).Select(h => h.Header).DistinctBy(h => h.Name))
            {
                concrete.Headers ??= new Dictionary<string, IOpenApiHeader>(StringComparer.Ordinal);
                concrete.Headers[header.Name] = new OpenApiHeader { Description = header.Description, Schema = HeaderSchema(header), Required = header.Required };
            }
        }

        return Task.CompletedTask;
    }

    private static readonly Dictionary<int, string> ResponseDescriptions = new()
    {
        [StatusCodes.Status304NotModified] = "Not modified: If-None-Match matched the current version. No body.",
        [StatusCodes.Status400BadRequest] = "The request is not valid: errors names each field, header or parameter and why.",
        [StatusCodes.Status401Unauthorized] = "No API key was sent where one is needed.",
        [StatusCodes.Status403Forbidden] = "The API key matches none configured, or its scope does not allow this request (a player's key outside its characters or a DM-only command, a read-only key writing). Nothing was written.",
        [StatusCodes.Status404NotFound] = "There is no such resource.",
        [StatusCodes.Status409Conflict] = "Version conflict: the resource is at another version than If-Match (or, without If-Match, it kept changing through every retry). Nothing was written.",
        [StatusCodes.Status413PayloadTooLarge] = "The body is larger than Api:MaxRequestBodyBytes.",
        [StatusCodes.Status415UnsupportedMediaType] = "The body is not application/json.",
        [StatusCodes.Status422UnprocessableEntity] = "A game rule forbids this (rule names it), or the Idempotency-Key was used for another request. Nothing was written.",
        [StatusCodes.Status429TooManyRequests] = "Over the rate limit for this API key, or for this client without a valid key.",
        [StatusCodes.Status500InternalServerError] = "An unexpected fault; traceId ties it to the server's log. Nothing is known to be written.",
        [StatusCodes.Status503ServiceUnavailable] = "The event store is unavailable. Nothing is known to be written; retry with the same Idempotency-Key.",
    };

    private static OpenApiSchema HeaderSchema(ContractHeader header) => header.IsInteger
        ? new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Minimum = "1" }
        : new OpenApiSchema { Type = JsonSchemaType.String, Format = header.Format, Pattern = header.Pattern };

    private static Task DescribeSchema(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken ct)
    {
        var type = Nullable.GetUnderlyingType(context.JsonTypeInfo.Type) ?? context.JsonTypeInfo.Type;

        // Enums travel as kebab-case strings ("bludgeoning"): say so, so that generators send strings, not numbers. Whether
        // a member may be null is the member's business (a oneOf with null), never an enum value.
        // The values are those CaseSensitiveEnumConverterFactory reads and writes (the schema exporter cannot see into a
        // custom converter).
        if (type.IsEnum)
        {
            schema.Type = JsonSchemaType.String;
            schema.Enum = [.. CaseSensitiveEnumConverterFactory.WireNames(type, JsonNamingPolicy.KebabCaseLower).Select(n => (JsonNode)JsonValue.Create(n))];
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// An inline enum schema loses its null in <see cref="DescribeSchema"/>; where the member is a nullable enum (a
    /// character created before its Hit Die was recorded has "hitDie": null), it is the component enum or null.
    /// </summary>
    private static void NullableEnumsMayBeNull(Type eventType, OpenApiSchema schema, OpenApiDocument document)
    {
        if (schema.Properties is null)
        {
            return;
        }

        foreach (var property in eventType.GetProperties())
        {
            var name = JsonNamingPolicy.CamelCase.ConvertName(property.Name);
            if (Nullable.GetUnderlyingType(property.PropertyType) is { IsEnum: true } enumType && schema.Properties.ContainsKey(name))
            {
                schema.Properties[name] = new OpenApiSchema
                {
                    OneOf = [new OpenApiSchema { Type = JsonSchemaType.Null }, new OpenApiSchemaReference(enumType.Name, document)],
                };
            }
        }
    }

    /// <summary>The component schemas a request body uses, directly or through members and items.</summary>
    private static HashSet<string> RequestSchemas(OpenApiDocument document)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<IOpenApiSchema>(
            (document.Paths ?? [])
                .SelectMany(p => p.Value.Operations ?? [])
                .Select(o => o.Value.RequestBody?.Content)
                .Where(c => c is not null)
                .SelectMany(c => c!.Values)
                .Select(m => m.Schema)
                .OfType<IOpenApiSchema>());
        while (pending.TryPop(out var schema))
        {
            if (schema is OpenApiSchemaReference reference)
            {
                if (reference.Reference.Id is { } id && found.Add(id) && document.Components?.Schemas?.TryGetValue(id, out var target) == true)
                {
                    pending.Push(target);
                }

                continue;
            }

            foreach (var next in (schema.Properties?.Values ?? []).Concat(schema.OneOf ?? []).Concat(schema.AnyOf ?? []).Concat(schema.AllOf ?? []))
            {
                pending.Push(next);
            }

            if (schema.Items is { } items)
            {
                pending.Push(items);
            }
        }

        return found;
    }

    /// <summary>A member the request requires is refused when null ("'parts' is required."), so it is not nullable.</summary>
    private static void RequiredIsNotNull(OpenApiSchema? schema)
    {
        if (schema?.Properties is not { Count: > 0 } || schema.Required is not { Count: > 0 })
        {
            return;
        }

        foreach (var name in schema.Required)
        {
            if (schema.Properties.TryGetValue(name, out var property) && property is OpenApiSchema member)
            {
                schema.Properties[name] = WithoutNull(member);
            }
        }
    }

    private static IOpenApiSchema WithoutNull(OpenApiSchema member)
    {
        if (member.Type is { } t && t.HasFlag(JsonSchemaType.Null) && t != JsonSchemaType.Null)
        {
            member.Type = t & ~JsonSchemaType.Null;
        }

        if (member.OneOf is { Count: 2 } one && one.FirstOrDefault(s => s is OpenApiSchema { Type: JsonSchemaType.Null }) is { } nullSchema)
        {
            var other = one.Single(s => !ReferenceEquals(s, nullSchema));
            if (member.Description is null && member.Properties is null or { Count: 0 })
            {
                return other;
            }

            one.Remove(nullSchema);
        }

        return member;
    }
}
