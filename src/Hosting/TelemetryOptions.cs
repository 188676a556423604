using OpenTelemetry.Exporter;

namespace Hosting;

/// <summary>The "Telemetry" configuration section.</summary>
public sealed class TelemetryOptions
{
    public const string SectionName = "Telemetry";

    /// <summary>Print metrics and spans to the console. On by default so a new user sees them without a collector.</summary>
    public bool ConsoleExporter { get; set; } = true;

    /// <summary>An OTLP collector, e.g. http://localhost:4317. Unset means no OTLP export.</summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary>Grpc (port 4317) or HttpProtobuf (port 4318).</summary>
    public OtlpExportProtocol OtlpProtocol { get; set; } = OtlpExportProtocol.Grpc;

    public int MetricExportIntervalMilliseconds { get; set; } = 60_000;

    public int HealthCheckTimeoutSeconds { get; set; } = 5;

    internal Uri? OtlpUri =>
        string.IsNullOrWhiteSpace(OtlpEndpoint) ? null
        : Uri.TryCreate(OtlpEndpoint, UriKind.Absolute, out var uri) ? uri
        : throw new InvalidOperationException($"{SectionName}:{nameof(OtlpEndpoint)} '{OtlpEndpoint}' is not an absolute URL such as http://localhost:4317.");
}

/// <summary>Names the hosts share with their exporters and health endpoints.</summary>
public static class TelemetryNames
{
    /// <summary>The DynamoDB adapter's meter (consumed capacity units).</summary>
    public const string DynamoDbMeter = "Hexagonal.DynamoDb";

    /// <summary>Every meter and activity source of this system, whatever layer declares it.</summary>
    public const string AllHexagonal = "Hexagonal.*";

    /// <summary>The tag of the checks that say whether the host can serve (for a readiness endpoint).</summary>
    public const string ReadyTag = "ready";
}
