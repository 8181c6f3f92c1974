namespace Isac.Node.Taxii;

/// <summary>One STIX object version as a collection holds it.</summary>
/// <param name="Position">The local insertion position: increases with every object indexed, never reused.</param>
/// <param name="Id">The STIX id.</param>
/// <param name="Version">The version as written (<c>modified</c>, else <c>created</c>, else the date added).</param>
/// <param name="DateAdded">When this node added it (microsecond precision, strictly increasing with the position).</param>
/// <param name="SpecVersion">The STIX spec version.</param>
/// <param name="Json">The object's exact JSON text as received (null in manifest queries).</param>
internal sealed record TaxiiObject(long Position, string Id, string Version, DateTimeOffset DateAdded, string SpecVersion, string? Json);
