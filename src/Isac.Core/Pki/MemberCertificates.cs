using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;

namespace Isac.Core.Pki;

/// <summary>
/// How a member's identity is carried in its client certificate: the member id is the subject CN and,
/// authoritatively, a subject alternative name URI <c>urn:isac:member:&lt;member-id&gt;</c>.
/// </summary>
public static partial class MemberCertificates
{
    /// <summary>The prefix of the SAN URI that names the member.</summary>
    public const string MemberUriPrefix = "urn:isac:member:";

    private const string SubjectAlternativeNameOid = "2.5.29.17";

    private static readonly Asn1Tag UriTag = new(TagClass.ContextSpecific, 6);

    /// <summary>True if <paramref name="memberId"/> is a well-formed member id: <c>[a-z0-9][a-z0-9.:-]{0,63}</c>.</summary>
    public static bool IsValidMemberId(string? memberId) => memberId is not null && MemberIdPattern().IsMatch(memberId);

    /// <summary>The SAN URI that names <paramref name="memberId"/>.</summary>
    public static Uri MemberUri(string memberId)
    {
        ThrowIfInvalidMemberId(memberId);
        return new Uri(MemberUriPrefix + memberId);
    }

    /// <summary>
    /// The member id named by the certificate's SAN URI, or null when the certificate has none, names an
    /// ill-formed id, or names more than one member. The subject CN is never used: it is informational only.
    /// </summary>
    public static string? GetMemberId(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        string? memberId = null;
        foreach (var extension in certificate.Extensions)
        {
            if (extension.Oid?.Value != SubjectAlternativeNameOid)
            {
                continue;
            }

            foreach (var uri in ReadUris(extension.RawData))
            {
                if (!uri.StartsWith(MemberUriPrefix, StringComparison.Ordinal))
                {
                    continue;
                }

                var candidate = uri[MemberUriPrefix.Length..];
                if (!IsValidMemberId(candidate) || (memberId is not null && memberId != candidate))
                {
                    // An ill-formed or ambiguous identity is no identity.
                    return null;
                }

                memberId = candidate;
            }
        }

        return memberId;
    }

    internal static void ThrowIfInvalidMemberId(string memberId, string parameterName = "memberId")
    {
        ArgumentNullException.ThrowIfNull(memberId, parameterName);
        if (!IsValidMemberId(memberId))
        {
            throw new ArgumentException(
                $"'{memberId}' is not a valid member id: expected [a-z0-9][a-z0-9.:-]{{0,63}}.", parameterName);
        }
    }

    private static List<string> ReadUris(byte[] subjectAlternativeName)
    {
        var uris = new List<string>();
        try
        {
            var names = new AsnReader(subjectAlternativeName, AsnEncodingRules.DER).ReadSequence();
            while (names.HasData)
            {
                var tag = names.PeekTag();
                if (tag.HasSameClassAndValue(UriTag))
                {
                    uris.Add(names.ReadCharacterString(UniversalTagNumber.IA5String, UriTag));
                }
                else
                {
                    names.ReadEncodedValue();
                }
            }
        }
        catch (AsnContentException)
        {
            // A malformed SAN names nobody.
            return [];
        }
        catch (CryptographicException)
        {
            return [];
        }

        return uris;
    }

    // \z, not $: '$' also matches before a final newline, which would let "alice\n" through.
    [GeneratedRegex(@"^[a-z0-9][a-z0-9.:-]{0,63}\z", RegexOptions.CultureInvariant)]
    private static partial Regex MemberIdPattern();
}
