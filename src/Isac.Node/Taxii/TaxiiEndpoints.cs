using System.Globalization;
using System.Text.Json;
using Isac.Node.Configuration;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace Isac.Node.Taxii;

/// <summary>
/// The TAXII 2.1 endpoints (OASIS TAXII 2.1, sections 4 and 5): discovery, one API root, its collections, objects,
/// one object, its versions, the manifest and POST status. Every request is authenticated (401), must accept
/// TAXII 2.1 (406) and may only reach collections its user is allowed (403).
/// </summary>
internal static partial class TaxiiEndpoints
{
    /// <summary>The discovery path.</summary>
    public const string Discovery = "/taxii2/";

    /// <summary>The API root path.</summary>
    public const string ApiRoot = "/taxii2/api/";

    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapGet(Discovery, GetDiscoveryAsync);
        routes.MapGet(ApiRoot, GetApiRootAsync);
        routes.MapGet(ApiRoot + "status/{statusId}/", GetStatusAsync);
        routes.MapGet(ApiRoot + "collections/", GetCollectionsAsync);
        routes.MapGet(ApiRoot + "collections/{collectionId}/", GetCollectionAsync);
        routes.MapGet(ApiRoot + "collections/{collectionId}/objects/", GetObjectsAsync);
        routes.MapPost(ApiRoot + "collections/{collectionId}/objects/", PostObjectsAsync);
        routes.MapGet(ApiRoot + "collections/{collectionId}/objects/{objectId}/", GetObjectAsync);
        routes.MapGet(ApiRoot + "collections/{collectionId}/objects/{objectId}/versions/", GetVersionsAsync);
        routes.MapGet(ApiRoot + "collections/{collectionId}/manifest/", GetManifestAsync);
    }

    private static async Task GetDiscoveryAsync(HttpContext context)
    {
        if (await BeginAsync(context) is null)
        {
            return;
        }

        var root = $"{context.Request.Scheme}://{context.Request.Host}{ApiRoot}";
        await TaxiiHttp.WriteAsync(context, StatusCodes.Status200OK, w =>
        {
            w.WriteString("title", "ISAC node");
            w.WriteString("description", "This member's ISAC node: what it received, per TLP label, and an outbox to publish through it.");
            w.WriteString("default", root);
            w.WriteStartArray("api_roots");
            w.WriteStringValue(root);
            w.WriteEndArray();
        });
    }

    private static async Task GetApiRootAsync(HttpContext context)
    {
        if (await BeginAsync(context) is null)
        {
            return;
        }

        var settings = context.RequestServices.GetRequiredService<IOptions<TaxiiOptions>>().Value;
        await TaxiiHttp.WriteAsync(context, StatusCodes.Status200OK, w =>
        {
            w.WriteString("title", "ISAC node API root");
            w.WriteStartArray("versions");
            w.WriteStringValue(TaxiiHttp.MediaType);
            w.WriteEndArray();
            w.WriteNumber("max_content_length", settings.MaxContentLength);
        });
    }

    private static async Task GetCollectionsAsync(HttpContext context)
    {
        if (await BeginAsync(context) is not { } user)
        {
            return;
        }

        var index = context.RequestServices.GetRequiredService<TaxiiIndex>();
        await index.SyncAsync(context.RequestAborted);
        var held = await index.ListLabelsAsync(context.RequestAborted);
        var visible = TaxiiCollection.Labels.Where(c => held.Contains(c.Label!.Value) && user.CanRead(c)).ToList();
        if (user.WriteOutbox)
        {
            visible.Add(TaxiiCollection.Outbox);
        }

        await TaxiiHttp.WriteAsync(context, StatusCodes.Status200OK, w =>
        {
            w.WriteStartArray("collections");
            foreach (var collection in visible)
            {
                w.WriteStartObject();
                WriteCollection(w, collection, user);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        });
    }

    private static async Task GetCollectionAsync(HttpContext context, string collectionId)
    {
        if (await BeginAsync(context) is not { } user || await FindAsync(context, user, collectionId, write: null) is not { } collection)
        {
            return;
        }

        await TaxiiHttp.WriteAsync(context, StatusCodes.Status200OK, w => WriteCollection(w, collection, user));
    }

    private static async Task GetObjectsAsync(HttpContext context, string collectionId) =>
        await QueryAndWriteAsync(context, collectionId, objectId: null, versions: false, manifest: false);

    private static async Task GetObjectAsync(HttpContext context, string collectionId, string objectId) =>
        await QueryAndWriteAsync(context, collectionId, objectId, versions: false, manifest: false);

    private static async Task GetVersionsAsync(HttpContext context, string collectionId, string objectId) =>
        await QueryAndWriteAsync(context, collectionId, objectId, versions: true, manifest: false);

    private static async Task GetManifestAsync(HttpContext context, string collectionId) =>
        await QueryAndWriteAsync(context, collectionId, objectId: null, versions: false, manifest: true);

    private static async Task QueryAndWriteAsync(HttpContext context, string collectionId, string? objectId, bool versions, bool manifest)
    {
        if (await BeginAsync(context) is not { } user || await FindAsync(context, user, collectionId, write: false) is not { } collection)
        {
            return;
        }

        var settings = context.RequestServices.GetRequiredService<IOptions<TaxiiOptions>>().Value;
        if (QueryProblem(context.Request.Query, settings) is { } problem)
        {
            await TaxiiHttp.ErrorAsync(context, StatusCodes.Status400BadRequest, "Bad query", problem);
            return;
        }

        var query = ParseQuery(context.Request.Query, collection, settings, objectId, versions);

        var index = context.RequestServices.GetRequiredService<TaxiiIndex>();
        await index.SyncAsync(context.RequestAborted);
        var (objects, more) = await index.QueryAsync(query, withContent: !versions && !manifest, context.RequestAborted);
        if (objectId is not null && objects.Count == 0 && query.AfterPosition == 0)
        {
            await TaxiiHttp.ErrorAsync(context, StatusCodes.Status404NotFound, "No such object", $"collection {collection.Id} holds no object {objectId} matching the filters");
            return;
        }

        if (objects.Count > 0)
        {
            context.Response.Headers["X-TAXII-Date-Added-First"] = TaxiiIndex.FormatTimestamp(objects[0].DateAdded);
            context.Response.Headers["X-TAXII-Date-Added-Last"] = TaxiiIndex.FormatTimestamp(objects[^1].DateAdded);
        }

        await TaxiiHttp.WriteAsync(context, StatusCodes.Status200OK, w =>
        {
            w.WriteBoolean("more", more);
            if (more)
            {
                w.WriteString("next", objects[^1].Position.ToString(CultureInfo.InvariantCulture));
            }

            w.WriteStartArray(versions ? "versions" : "objects");
            foreach (var item in objects)
            {
                if (versions)
                {
                    w.WriteStringValue(item.Version);
                }
                else if (manifest)
                {
                    w.WriteStartObject();
                    w.WriteString("id", item.Id);
                    w.WriteString("date_added", TaxiiIndex.FormatTimestamp(item.DateAdded));
                    w.WriteString("version", item.Version);
                    w.WriteString("media_type", TaxiiHttp.StixMediaType);
                    w.WriteEndObject();
                }
                else
                {
                    w.WriteRawValue(item.Json!, skipInputValidation: true);
                }
            }

            w.WriteEndArray();
        });
    }

    /// <summary>The query of a request whose parameters passed <see cref="QueryProblem"/>.</summary>
    private static TaxiiQuery ParseQuery(IQueryCollection query, TaxiiCollection collection, TaxiiOptions settings, string? objectId, bool allVersions)
    {
        var limit = query.TryGetValue("limit", out var limitText) ? Math.Min(int.Parse(limitText!, CultureInfo.InvariantCulture), settings.MaxPageSize) : settings.DefaultPageSize;
        var after = query.TryGetValue("next", out var nextText) ? long.Parse(nextText!, CultureInfo.InvariantCulture) : 0;
        DateTimeOffset? addedAfter = query.TryGetValue("added_after", out var addedText) && TaxiiIndex.TryParseTimestamp(addedText, out var time) ? time : null;
        var versions = allVersions ? ["all"] : List(query, "match[version]") is { Count: > 0 } given ? given : ["last"];
        var ids = objectId is null ? List(query, "match[id]") : [objectId];
        return new TaxiiQuery(collection.Label!.Value, after, addedAfter, limit, ids, List(query, "match[type]"), versions, List(query, "match[spec_version]"));
    }

    /// <summary>What is wrong with the query parameters; null when they are acceptable.</summary>
    private static string? QueryProblem(IQueryCollection query, TaxiiOptions settings)
    {
        if (query.TryGetValue("limit", out var limit) && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 1))
        {
            return $"limit must be a positive integer (at most {settings.MaxPageSize} are returned), not '{limit}'";
        }

        if (query.TryGetValue("next", out var next) && !long.TryParse(next, NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            return $"next must be the value of \"next\" from the previous page, not '{next}'";
        }

        if (query.TryGetValue("added_after", out var added) && !TaxiiIndex.TryParseTimestamp(added, out _))
        {
            return $"added_after must be an RFC 3339 UTC timestamp (e.g. 2026-03-01T12:00:00.000Z), not '{added}'";
        }

        var badVersion = List(query, "match[version]").FirstOrDefault(v => v is not ("first" or "last" or "all") && !TaxiiIndex.TryParseTimestamp(v, out _));
        return badVersion is null ? null : $"match[version] takes first, last, all or timestamps, not '{badVersion}'";
    }

    private static List<string> List(IQueryCollection query, string name) =>
        query.TryGetValue(name, out var values)
            ? values.SelectMany(v => (v ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Distinct(StringComparer.Ordinal).ToList()
            : [];

    private static void WriteCollection(Utf8JsonWriter w, TaxiiCollection collection, TaxiiUser user)
    {
        w.WriteString("id", collection.Id);
        w.WriteString("title", collection.Title);
        w.WriteString("description", collection.Description);
        w.WriteString("alias", collection.Alias);
        w.WriteBoolean("can_read", user.CanRead(collection));
        w.WriteBoolean("can_write", user.CanWrite(collection));
        w.WriteStartArray("media_types");
        w.WriteStringValue(TaxiiHttp.StixMediaType);
        w.WriteEndArray();
    }

    /// <summary>Authenticates (401) and checks <c>Accept</c> (406); null when the response is already written.</summary>
    private static async Task<TaxiiUser?> BeginAsync(HttpContext context)
    {
        var user = context.RequestServices.GetRequiredService<TaxiiAuthenticator>().Authenticate(context.Request.Headers.Authorization);
        if (user is null)
        {
            context.Response.Headers.WWWAuthenticate = new StringValues([$"Basic realm=\"{TaxiiHttp.Realm}\", charset=\"UTF-8\"", $"Bearer realm=\"{TaxiiHttp.Realm}\""]);
            await TaxiiHttp.ErrorAsync(context, StatusCodes.Status401Unauthorized, "Authentication required", "Use HTTP basic authentication or a bearer token of a local user configured under Isac:Node:Taxii:Users.");
            return null;
        }

        if (!TaxiiHttp.Accepts(context.Request.Headers.Accept))
        {
            await TaxiiHttp.ErrorAsync(context, StatusCodes.Status406NotAcceptable, "Not acceptable", $"This server answers with {TaxiiHttp.MediaType} only; the request accepts '{context.Request.Headers.Accept}'.");
            return null;
        }

        return user;
    }

    /// <summary>The collection if it exists (404) and the user may read it, write it, or either (null); 403 otherwise.</summary>
    private static async Task<TaxiiCollection?> FindAsync(HttpContext context, TaxiiUser user, string collectionId, bool? write)
    {
        if (TaxiiCollection.Find(collectionId) is not { } collection)
        {
            await TaxiiHttp.ErrorAsync(context, StatusCodes.Status404NotFound, "No such collection", $"there is no collection '{collectionId}' on this API root");
            return null;
        }

        var allowed = write switch
        {
            true => user.CanWrite(collection),
            false => user.CanRead(collection),
            null => user.CanRead(collection) || user.CanWrite(collection),
        };
        if (!allowed)
        {
            var what = write switch { true => "write to", false => "read", null => "see" };
            await TaxiiHttp.ErrorAsync(context, StatusCodes.Status403Forbidden, "Forbidden", $"user '{user.Name}' may not {what} collection {collection.Alias} ({collection.Id})");
            return null;
        }

        return collection;
    }
}
