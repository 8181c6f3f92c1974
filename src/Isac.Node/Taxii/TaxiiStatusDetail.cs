namespace Isac.Node.Taxii;

/// <summary>One object of a status resource.</summary>
/// <param name="Id">The STIX id (as posted; may be malformed for a refused object).</param>
/// <param name="Version">Its version (<c>modified</c> or <c>created</c>), if it has one.</param>
/// <param name="Message">Why it failed; null otherwise.</param>
internal sealed record TaxiiStatusDetail(string Id, string? Version, string? Message);
