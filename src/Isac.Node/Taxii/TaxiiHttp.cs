using System.Text.Json;
using Microsoft.Net.Http.Headers;

namespace Isac.Node.Taxii;

/// <summary>TAXII 2.1 media types, responses and error objects.</summary>
internal static class TaxiiHttp
{
    /// <summary>The TAXII 2.1 media type, on every response.</summary>
    public const string MediaType = "application/taxii+json;version=2.1";

    /// <summary>The STIX 2.1 media type of the objects.</summary>
    public const string StixMediaType = "application/stix+json;version=2.1";

    /// <summary>The realm named in <c>WWW-Authenticate</c>.</summary>
    public const string Realm = "ISAC node TAXII";

    /// <summary>
    /// True when the <c>Accept</c> header allows TAXII 2.1: absent, <c>*/*</c>, <c>application/*</c>, or
    /// <c>application/taxii+json</c> without a version or with version 2.1.
    /// </summary>
    public static bool Accepts(string? accept)
    {
        if (string.IsNullOrWhiteSpace(accept))
        {
            return true;
        }

        if (!MediaTypeHeaderValue.TryParseList([accept], out var values))
        {
            return false;
        }

        return values.Any(v => v.MediaType.Equals("*/*", StringComparison.Ordinal)
            || v.MediaType.Equals("application/*", StringComparison.OrdinalIgnoreCase)
            || (v.MediaType.Equals("application/taxii+json", StringComparison.OrdinalIgnoreCase) && IsVersion21(v)));
    }

    /// <summary>True when <paramref name="contentType"/> is the TAXII 2.1 media type (a missing version means the latest, 2.1).</summary>
    public static bool IsTaxiiContent(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var value)
        && value.MediaType.Equals("application/taxii+json", StringComparison.OrdinalIgnoreCase)
        && IsVersion21(value);

    /// <summary>Writes a TAXII response body with the TAXII media type.</summary>
    public static async Task WriteAsync(HttpContext context, int status, Action<Utf8JsonWriter> body)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(body);
        using var buffer = new MemoryStream();
        await using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }

        context.Response.StatusCode = status;
        context.Response.ContentType = MediaType;
        context.Response.ContentLength = buffer.Length;
        await context.Response.Body.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>Writes a TAXII error message (TAXII 2.1 section 3.6.1).</summary>
    public static Task ErrorAsync(HttpContext context, int status, string title, string description) =>
        WriteAsync(context, status, w =>
        {
            w.WriteString("title", title);
            w.WriteString("description", description);
            w.WriteString("http_status", status.ToString(System.Globalization.CultureInfo.InvariantCulture));
        });

    private static bool IsVersion21(MediaTypeHeaderValue value)
    {
        var version = value.Parameters.FirstOrDefault(p => p.Name.Equals("version", StringComparison.OrdinalIgnoreCase));
        return version is null || version.Value.Equals("2.1", StringComparison.Ordinal);
    }
}
