namespace Isac.Core.Stix;

/// <summary>Why a STIX 2.1 bundle was refused.</summary>
public enum StixError
{
    /// <summary>No error.</summary>
    None = 0,

    /// <summary>Not valid JSON, or not UTF-8.</summary>
    MalformedJson,

    /// <summary>The top level is not a STIX bundle.</summary>
    NotABundle,

    /// <summary>An object lacks a property STIX 2.1 requires.</summary>
    MissingProperty,

    /// <summary>A property has the wrong type or format.</summary>
    InvalidProperty,

    /// <summary>An object is marked more restrictively than the envelope's label.</summary>
    MarkingAboveLabel,

    /// <summary>The bundle is larger than the configured limit.</summary>
    TooLarge,
}
