namespace Isac.Core.Labels;

/// <summary>
/// STIX 2.1 marking-definition ids for TLP. The TLP 2.0 ids (OASIS TLP 2.0 extension) are the ones emitted;
/// the TLP 1.0 ids of the STIX 2.1 specification and OpenCTI's AMBER+STRICT id are accepted on input.
/// Third-party copies of these ids are often wrong: the constants are pinned by tests, not derived.
/// </summary>
public static class TlpMarkings
{
    /// <summary>TLP 2.0 CLEAR (OASIS).</summary>
    public const string Clear = "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487";

    /// <summary>TLP 2.0 GREEN (OASIS).</summary>
    public const string Green = "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb";

    /// <summary>TLP 2.0 AMBER (OASIS).</summary>
    public const string Amber = "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421";

    /// <summary>TLP 2.0 AMBER+STRICT (OASIS).</summary>
    public const string AmberStrict = "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003";

    /// <summary>TLP 2.0 RED (OASIS).</summary>
    public const string Red = "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1";

    /// <summary>TLP 1.0 WHITE (STIX 2.1 specification); also what OpenCTI emits for CLEAR. Read as CLEAR.</summary>
    public const string Tlp1White = "marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9";

    /// <summary>TLP 1.0 GREEN (STIX 2.1 specification).</summary>
    public const string Tlp1Green = "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da";

    /// <summary>TLP 1.0 AMBER (STIX 2.1 specification).</summary>
    public const string Tlp1Amber = "marking-definition--f88d31f6-486f-44da-b317-01333bde0b82";

    /// <summary>TLP 1.0 RED (STIX 2.1 specification).</summary>
    public const string Tlp1Red = "marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed";

    /// <summary>OpenCTI's own AMBER+STRICT marking (TLP 1.0 had no AMBER+STRICT).</summary>
    public const string OpenCtiAmberStrict = "marking-definition--826578e1-40ad-459f-bc73-ede076f81f37";

    /// <summary>The TLP 2.0 marking-definition id to emit for <paramref name="label"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="label"/> is not a defined label.</exception>
    public static string IdFor(Tlp label) => label switch
    {
        Tlp.Clear => Clear,
        Tlp.Green => Green,
        Tlp.Amber => Amber,
        Tlp.AmberStrict => AmberStrict,
        Tlp.Red => Red,
        _ => throw new ArgumentOutOfRangeException(nameof(label), label, "Not a defined TLP label."),
    };

    /// <summary>
    /// Maps any accepted marking-definition id (TLP 2.0, TLP 1.0, OpenCTI AMBER+STRICT) to its label. The match
    /// is exact and ordinal: STIX ids are lower case, and an id that does not match is not TLP (the caller
    /// treats an unknown marking as RED, so a near-miss fails closed).
    /// </summary>
    public static bool TryGetLabel(string? markingDefinitionId, out Tlp label)
    {
        Tlp? found = markingDefinitionId switch
        {
            Clear or Tlp1White => Tlp.Clear,
            Green or Tlp1Green => Tlp.Green,
            Amber or Tlp1Amber => Tlp.Amber,
            AmberStrict or OpenCtiAmberStrict => Tlp.AmberStrict,
            Red or Tlp1Red => Tlp.Red,
            _ => null,
        };
        label = found ?? default;
        return found.HasValue;
    }
}
