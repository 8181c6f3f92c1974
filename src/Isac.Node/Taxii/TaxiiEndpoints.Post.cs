using System.Text.Json;
using Isac.Node.Configuration;
using Microsoft.Extensions.Options;

namespace Isac.Node.Taxii;

internal static partial class TaxiiEndpoints
{
    private static async Task PostObjectsAsync(HttpContext context, string collectionId)
    {
        if (await BeginAsync(context) is not { } user || await FindAsync(context, user, collectionId, write: true) is null)
        {
            return;
        }

        if (!TaxiiHttp.IsTaxiiContent(context.Request.ContentType))
        {
            await TaxiiHttp.ErrorAsync(context, StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", $"POST an envelope as {TaxiiHttp.MediaType}, not '{context.Request.ContentType}'.");
            return;
        }

        var settings = context.RequestServices.GetRequiredService<IOptions<TaxiiOptions>>().Value;
        var body = await ReadBodyAsync(context.Request, settings.MaxContentLength, context.RequestAborted);
        if (body is null)
        {
            await TaxiiHttp.ErrorAsync(context, StatusCodes.Status413PayloadTooLarge, "Too large", $"the request body is larger than this API root's max_content_length of {settings.MaxContentLength} bytes: post fewer objects at a time");
            return;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException ex)
        {
            await TaxiiHttp.ErrorAsync(context, StatusCodes.Status400BadRequest, "Malformed JSON", $"the body is not valid JSON: {ex.Message}");
            return;
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("objects", out var objects)
                || objects.ValueKind != JsonValueKind.Array
                || objects.GetArrayLength() == 0)
            {
                await TaxiiHttp.ErrorAsync(context, StatusCodes.Status400BadRequest, "Not an envelope", "POST a TAXII envelope: a JSON object whose \"objects\" is a non-empty array of STIX 2.1 objects.");
                return;
            }

            var outbox = context.RequestServices.GetRequiredService<TaxiiOutbox>();
            var record = await outbox.PostAsync(user, objects.EnumerateArray().ToList(), context.RequestAborted);
            var bundleId = (await context.RequestServices.GetRequiredService<TaxiiIndex>().GetStatusAsync(record.Id, context.RequestAborted))?.BundleId;
            await WriteStatusAsync(context, StatusCodes.Status202Accepted, record, bundleId);
        }
    }

    private static async Task GetStatusAsync(HttpContext context, string statusId)
    {
        if (await BeginAsync(context) is not { } user)
        {
            return;
        }

        var stored = await context.RequestServices.GetRequiredService<TaxiiIndex>().GetStatusAsync(statusId, context.RequestAborted);
        if (stored is not { } found || found.UserName != user.Name)
        {
            await TaxiiHttp.ErrorAsync(context, StatusCodes.Status404NotFound, "No such status", $"there is no status '{statusId}' for user '{user.Name}'");
            return;
        }

        await WriteStatusAsync(context, StatusCodes.Status200OK, found.Record, found.BundleId);
    }

    private static async Task WriteStatusAsync(HttpContext context, int httpStatus, TaxiiStatusRecord record, byte[]? bundleId)
    {
        var (successes, failures, pendings) = await context.RequestServices.GetRequiredService<TaxiiOutbox>().ResolveAsync(record, bundleId, context.RequestAborted);
        await TaxiiHttp.WriteAsync(context, httpStatus, w =>
        {
            w.WriteString("id", record.Id);
            w.WriteString("status", pendings.Count > 0 ? "pending" : "complete");
            w.WriteString("request_timestamp", TaxiiIndex.FormatTimestamp(record.RequestTimestamp));
            w.WriteNumber("total_count", successes.Count + failures.Count + pendings.Count);
            w.WriteNumber("success_count", successes.Count);
            WriteDetails(w, "successes", successes);
            w.WriteNumber("failure_count", failures.Count);
            WriteDetails(w, "failures", failures);
            w.WriteNumber("pending_count", pendings.Count);
            WriteDetails(w, "pendings", pendings);
        });
    }

    private static void WriteDetails(Utf8JsonWriter w, string name, List<TaxiiStatusDetail> details)
    {
        w.WriteStartArray(name);
        foreach (var detail in details)
        {
            w.WriteStartObject();
            w.WriteString("id", detail.Id);
            if (detail.Version is not null)
            {
                w.WriteString("version", detail.Version);
            }

            if (detail.Message is not null)
            {
                w.WriteString("message", detail.Message);
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    /// <summary>The body, or null when it is longer than <paramref name="maxBytes"/> (checked before reading when the length is declared).</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
