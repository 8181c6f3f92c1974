using System.Diagnostics.CodeAnalysis;

namespace Isac.Core.Stix;

/// <summary>The outcome of <see cref="StixBundleChecker.Check(ReadOnlySpan{byte}, Isac.Core.Labels.Tlp, int)"/>: the bundle to seal, or why it was refused.</summary>
/// <param name="Error">None when the bundle is acceptable.</param>
/// <param name="Message">What is wrong, naming the object; empty when accepted.</param>
/// <param name="ObjectId">The offending object's id, when one is to blame.</param>
/// <param name="Bundle">The bundle to seal (unmarked objects carry the envelope's marking); null when refused.</param>
public sealed record StixCheck(StixError Error, string Message, string? ObjectId, byte[]? Bundle)
{
    /// <summary>True when the bundle may be sealed under the envelope label.</summary>
    [MemberNotNullWhen(true, nameof(Bundle))]
    public bool IsValid => Error == StixError.None && Bundle is not null;

    internal static StixCheck Accepted(byte[] bundle) => new(StixError.None, string.Empty, null, bundle);

    internal static StixCheck Refused(StixError error, string message, string? objectId = null) => new(error, message, objectId, null);
}
