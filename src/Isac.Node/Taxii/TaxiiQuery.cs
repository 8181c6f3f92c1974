using Isac.Core.Labels;

namespace Isac.Node.Taxii;

/// <summary>A TAXII object query over one collection, with the filters of TAXII 2.1 section 3.4.</summary>
/// <param name="Label">The collection's label.</param>
/// <param name="AfterPosition">Only objects after this local position (the <c>next</c> parameter); 0 for all.</param>
/// <param name="AddedAfter">Only objects added after this time.</param>
/// <param name="Limit">At most this many objects.</param>
/// <param name="Ids">Only these STIX ids (<c>match[id]</c>); empty for all.</param>
/// <param name="Types">Only these types (<c>match[type]</c>); empty for all.</param>
/// <param name="Versions"><c>match[version]</c>: <c>first</c>, <c>last</c>, <c>all</c> or timestamps.</param>
/// <param name="SpecVersions">Only these spec versions (<c>match[spec_version]</c>); empty for all.</param>
internal sealed record TaxiiQuery(
    Tlp Label,
    long AfterPosition,
    DateTimeOffset? AddedAfter,
    int Limit,
    IReadOnlyList<string> Ids,
    IReadOnlyList<string> Types,
    IReadOnlyList<string> Versions,
    IReadOnlyList<string> SpecVersions);
