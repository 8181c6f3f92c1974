using Isac.Core.Labels;

namespace Isac.Node.Taxii;

/// <summary>A TAXII collection: one per label (read-only, what the node received at that label) or the outbox.</summary>
/// <param name="Id">The collection id (a fixed UUID, the same on every node).</param>
/// <param name="Alias">A readable alias, accepted in URLs in place of the id.</param>
/// <param name="Label">The label it serves; null for the outbox.</param>
internal sealed record TaxiiCollection(string Id, string Alias, Tlp? Label)
{
    /// <summary>The writable outbox collection: objects POSTed here are sealed and published.</summary>
    public static TaxiiCollection Outbox { get; } = new("7a5e3c1f-9d4b-4a2e-b6c8-3f1a5d7e9c06", "outbox", null);

    /// <summary>The read-only collections, one per label.</summary>
    public static IReadOnlyList<TaxiiCollection> Labels { get; } =
    [
        new("6f1c4c4e-2d0b-4a6e-9c35-0b8f6c1e7a01", "tlp-clear", Tlp.Clear),
        new("1d8e3b5a-7c4f-4e2a-8b61-5a9d2c7e4b02", "tlp-green", Tlp.Green),
        new("9b4a2e6c-3f1d-4c8b-a7e5-2d6f8b1c9a03", "tlp-amber", Tlp.Amber),
        new("4e7d1a9b-8c2f-4b5e-9d3a-6c1e7f2b8a04", "tlp-amber-strict", Tlp.AmberStrict),
        new("c3a9f5e1-6b2d-4f8c-8e4a-7b3d9c5f1a05", "tlp-red", Tlp.Red),
    ];

    /// <summary>True for the outbox.</summary>
    public bool IsOutbox => Label is null;

    /// <summary>The collection's title.</summary>
    public string Title => Label is { } label ? $"Received {TlpLabels.ToLabelString(label)}" : "Outbox";

    /// <summary>The collection's description.</summary>
    public string Description => Label is { } label
        ? $"STIX 2.1 objects this member received in {TlpLabels.ToLabelString(label)} bundles (read-only)."
        : "POST STIX 2.1 objects here to seal and publish them as this member (write-only).";

    /// <summary>The collection with this id or alias; null if none.</summary>
    public static TaxiiCollection? Find(string idOrAlias) =>
        Labels.Append(Outbox).FirstOrDefault(c => c.Id == idOrAlias || c.Alias == idOrAlias);

    /// <summary>The collection of <paramref name="label"/>.</summary>
    public static TaxiiCollection For(Tlp label) => Labels.Single(c => c.Label == label);
}
