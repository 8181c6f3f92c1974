namespace Isac.Core.Labels;

/// <summary>
/// A Traffic Light Protocol 2.0 label. The numeric values give the total order
/// CLEAR &lt; GREEN &lt; AMBER &lt; AMBER+STRICT &lt; RED and equal the wire enum <c>isac.v1.TlpLabel</c>.
/// </summary>
public enum Tlp
{
    /// <summary>TLP:CLEAR (TLP 1.0 WHITE): may be shared publicly; signed, never encrypted.</summary>
    Clear = 1,

    /// <summary>TLP:GREEN: within the community, never public.</summary>
    Green = 2,

    /// <summary>TLP:AMBER: within the recipient's organization and its declared clients.</summary>
    Amber = 3,

    /// <summary>TLP:AMBER+STRICT: within the recipient's organization only.</summary>
    AmberStrict = 4,

    /// <summary>TLP:RED: named recipients only, no further disclosure.</summary>
    Red = 5,
}
