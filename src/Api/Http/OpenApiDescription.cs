using Api.Security;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Api.Http;

/// <summary>
/// Describes what the endpoint signatures cannot show: the API key, and the headers commands read
/// (Idempotency-Key, If-Match, X-Correlation-Id), so that generated clients send them.
/// </summary>
internal static class OpenApiDescription
{
    public static void Configure(OpenApiOptions options)
    {
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Hexagonal hit points API";
            document.Info.Description = "Character hit points, event-sourced. Writes need the X-Api-Key header; see README.md, section \"The HTTP API\".";
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>(StringComparer.Ordinal);
            document.Components.SecuritySchemes[ApiKeyAuthenticationHandler.SchemeName] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = ApiKeys.HeaderName,
                Description = "An API key; the server holds only its SHA-256 hash.",
            };
            return Task.CompletedTask;
        });

        options.AddOperationTransformer((operation, context, _) =>
        {
            if (string.Equals(context.Description.HttpMethod, HttpMethods.Post, StringComparison.OrdinalIgnoreCase)
                || string.Equals(context.Description.HttpMethod, HttpMethods.Delete, StringComparison.OrdinalIgnoreCase))
            {
                operation.Security ??= [];
                operation.Security.Add(new OpenApiSecurityRequirement
                {
                    [new OpenApiSecuritySchemeReference(ApiKeyAuthenticationHandler.SchemeName, context.Document)] = [],
                });
                operation.Parameters ??= [];
                operation.Parameters.Add(Header(CommandInput.IdempotencyKeyHeader, "uuid", "A GUID naming this command; a repeat returns the original result."));
                operation.Parameters.Add(Header(CommandInput.CorrelationIdHeader, "uuid", "A GUID recorded with the events."));
                if (context.Description.RelativePath?.Contains("{id}", StringComparison.Ordinal) == true)
                {
                    operation.Parameters.Add(Header(CommandInput.IfMatchHeader, null, "The ETag of a read, such as \"3\": the command applies only at that version, else 409."));
                }
            }

            return Task.CompletedTask;
        });
    }

    private static OpenApiParameter Header(string name, string? format, string description) => new()
    {
        Name = name,
        In = ParameterLocation.Header,
        Required = false,
        Description = description,
        Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = format },
    };
}
