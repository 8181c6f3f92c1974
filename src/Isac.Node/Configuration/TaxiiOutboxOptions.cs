namespace Isac.Node.Configuration;

/// <summary>
/// The label and audience of objects POSTed to the TAXII <c>outbox</c> collection. Without a configured
/// <see cref="Label"/>, the strictest marking of the posted objects is the label, and TLP:AMBER+STRICT when none
/// is marked: never a wider default.
/// </summary>
internal sealed class TaxiiOutboxOptions
{
    /// <summary>The TLP label to publish under (any accepted spelling); null to take it from the objects' markings.</summary>
    public string? Label { get; set; }

    /// <summary>The audience's communities.</summary>
    public List<string> Communities { get; set; } = [];

    /// <summary>The audience's named members.</summary>
    public List<string> Members { get; set; } = [];
}
