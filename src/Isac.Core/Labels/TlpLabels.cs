using Isac.V1;

namespace Isac.Core.Labels;

/// <summary>
/// Text and wire forms of <see cref="Tlp"/>. Parsing accepts, case-insensitively, with or without a
/// <c>TLP:</c> prefix and with surrounding whitespace: <c>CLEAR</c>, <c>WHITE</c> (TLP 1.0, read as CLEAR),
/// <c>GREEN</c>, <c>AMBER</c>, <c>AMBER+STRICT</c> and <c>RED</c>. AMBER+STRICT may also be written with a
/// single space, underscore or hyphen instead of the plus (<c>AMBER STRICT</c> in prose, <c>AMBER_STRICT</c>
/// in enum-style configuration such as OpenCTI connectors, <c>amber-strict</c> in slugs and URLs); nothing
/// looser, so that a typo is an error rather than a guess.
/// </summary>
public static class TlpLabels
{
    /// <summary>The prefix of the canonical spelling, optional on input.</summary>
    public const string Prefix = "TLP:";

    private const string AcceptedSpellings =
        "CLEAR, WHITE (TLP 1.0, read as CLEAR), GREEN, AMBER, AMBER+STRICT (also AMBER STRICT, AMBER_STRICT, " +
        "AMBER-STRICT) or RED, case-insensitive, with or without the 'TLP:' prefix";

    /// <summary>Parses a TLP label in any accepted spelling (see <see cref="TlpLabels"/>).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    /// <exception cref="FormatException">The text is not an accepted spelling; the message lists them.</exception>
    public static Tlp Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (TryParse(text, out var label))
        {
            return label;
        }

        throw new FormatException($"'{text}' is not a TLP label; expected {AcceptedSpellings}.");
    }

    /// <summary>Parses a TLP label in any accepted spelling; false for null, empty or unknown text.</summary>
    public static bool TryParse(string? text, out Tlp label)
    {
        label = default;
        if (text is null)
        {
            return false;
        }

        var span = text.AsSpan().Trim();
        if (span.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            // "TLP: AMBER" is common in e-mail subjects; the space after the colon is tolerated.
            span = span[Prefix.Length..].TrimStart();
        }

        Tlp? parsed = span switch
        {
            _ when span.Equals("CLEAR", StringComparison.OrdinalIgnoreCase) => Tlp.Clear,
            _ when span.Equals("WHITE", StringComparison.OrdinalIgnoreCase) => Tlp.Clear,
            _ when span.Equals("GREEN", StringComparison.OrdinalIgnoreCase) => Tlp.Green,
            _ when span.Equals("AMBER", StringComparison.OrdinalIgnoreCase) => Tlp.Amber,
            _ when IsAmberStrict(span) => Tlp.AmberStrict,
            _ when span.Equals("RED", StringComparison.OrdinalIgnoreCase) => Tlp.Red,
            _ => null,
        };

        if (parsed is not { } value)
        {
            return false;
        }

        label = value;
        return true;
    }

    /// <summary>The canonical TLP 2.0 spelling: <c>TLP:CLEAR</c>, <c>TLP:GREEN</c>, <c>TLP:AMBER</c>,
    /// <c>TLP:AMBER+STRICT</c> or <c>TLP:RED</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="label"/> is not a defined label.</exception>
    public static string ToLabelString(Tlp label) => label switch
    {
        Tlp.Clear => "TLP:CLEAR",
        Tlp.Green => "TLP:GREEN",
        Tlp.Amber => "TLP:AMBER",
        Tlp.AmberStrict => "TLP:AMBER+STRICT",
        Tlp.Red => "TLP:RED",
        _ => throw new ArgumentOutOfRangeException(nameof(label), label, "Not a defined TLP label."),
    };

    /// <summary>True if <paramref name="label"/> is one of the five defined labels.</summary>
    public static bool IsDefined(Tlp label) => label is >= Tlp.Clear and <= Tlp.Red;

    /// <summary>The wire form of a label.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="label"/> is not a defined label.</exception>
    public static TlpLabel ToWire(Tlp label) => IsDefined(label)
        ? (TlpLabel)(int)label
        : throw new ArgumentOutOfRangeException(nameof(label), label, "Not a defined TLP label.");

    /// <summary>Reads a wire label, refusing <see cref="TlpLabel.Unspecified"/> and unknown numbers.</summary>
    /// <exception cref="FormatException">The wire value is unspecified or unknown.</exception>
    public static Tlp FromWire(TlpLabel wire) => TryFromWire(wire, out var label)
        ? label
        : throw new FormatException(DescribeBadWire(wire));

    /// <summary>Reads a wire label; false for <see cref="TlpLabel.Unspecified"/> and unknown numbers.</summary>
    public static bool TryFromWire(TlpLabel wire, out Tlp label)
    {
        // The numbers are equal by construction (see Tlp); anything outside 1..5 is refused, never clamped.
        var candidate = (Tlp)(int)wire;
        label = IsDefined(candidate) ? candidate : default;
        return IsDefined(candidate);
    }

    private static string DescribeBadWire(TlpLabel wire) => wire == TlpLabel.Unspecified
        ? "The TLP label is TLP_LABEL_UNSPECIFIED (0): every bundle must carry an explicit label."
        : $"The TLP label number {(int)wire} is unknown; expected 1 (CLEAR) to 5 (RED).";

    private static bool IsAmberStrict(ReadOnlySpan<char> span)
    {
        const string Amber = "AMBER";
        const string Strict = "STRICT";
        return span.Length == Amber.Length + 1 + Strict.Length
            && span.StartsWith(Amber, StringComparison.OrdinalIgnoreCase)
            && span.EndsWith(Strict, StringComparison.OrdinalIgnoreCase)
            && span[Amber.Length] is '+' or ' ' or '_' or '-';
    }
}
