using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace MultusConfig.Operator.Kube;

/// <summary>
/// Kubernetes times as the API server reads them. System.Text.Json writes up to seven fractional digits, and
/// metav1.MicroTime (Lease renewTime, Event eventTime) is parsed with Go's RFC3339Micro layout, which takes
/// exactly six; metav1.Time (RFC3339) accepts any fraction. So: six digits in UTC (whole seconds without a fraction), as
/// KubernetesClient's KubernetesJson writes them; reading accepts any RFC 3339 time and returns it in UTC.
/// </summary>
public sealed class Rfc3339DateTimeConverter : JsonConverter<DateTime>
{
    private const string Format = "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'ffffff'Z'";

    public override DateTime Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.GetString();
        if (text is null || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value))
            throw new JsonException($"not an RFC 3339 time: \"{text}\"");
        return value.UtcDateTime;
    }

    public override void Write(Utf8JsonWriter writer, DateTime value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var utc = value.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(value, DateTimeKind.Utc) : value.ToUniversalTime();
        // Whole seconds without a fraction, as KubernetesClient 21 writes them (metav1.Time is whole seconds on the
        // server); any fraction with exactly six digits (metav1.MicroTime).
        writer.WriteStringValue(utc.Ticks % TimeSpan.TicksPerSecond == 0
            ? utc.ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss'Z'", CultureInfo.InvariantCulture)
            : utc.ToString(Format, CultureInfo.InvariantCulture));
    }
}
