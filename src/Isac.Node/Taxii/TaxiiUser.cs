using Isac.Core.Labels;

namespace Isac.Node.Taxii;

/// <summary>An authenticated local TAXII user and what it may do.</summary>
/// <param name="Name">The configured user name.</param>
/// <param name="Readable">The labels whose collections it may read.</param>
/// <param name="WriteOutbox">Whether it may POST to the outbox collection.</param>
internal sealed record TaxiiUser(string Name, IReadOnlySet<Tlp> Readable, bool WriteOutbox)
{
    /// <summary>Whether the user may read <paramref name="collection"/>.</summary>
    public bool CanRead(TaxiiCollection collection) => collection.Label is { } label && Readable.Contains(label);

    /// <summary>Whether the user may write <paramref name="collection"/>.</summary>
    public bool CanWrite(TaxiiCollection collection) => collection.IsOutbox && WriteOutbox;
}
