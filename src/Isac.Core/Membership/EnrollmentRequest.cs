using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Google.Protobuf;
using Isac.Core.Pki;
using Isac.V1;

namespace Isac.Core.Membership;

/// <summary>
/// What a prospective member sends the hub to enrol: its unsigned card (the organization, roles, clearance,
/// communities and public keys it asks for) and a PKCS#10 signing request for its mTLS client certificate. Stored as
/// one PEM file (an <c>ISAC MEMBER CARD REQUEST</c> block and a <c>CERTIFICATE REQUEST</c> block). The
/// <see cref="Fingerprint"/>, a SHA-256 over both blocks' exact bytes, is read aloud out of band (phone) and must
/// match before the hub approves: it binds the card, both public keys and the certificate key together.
/// </summary>
public sealed class EnrollmentRequest
{
    /// <summary>The PEM label of the card request block.</summary>
    public const string CardPemLabel = "ISAC MEMBER CARD REQUEST";

    /// <summary>The PEM label of the PKCS#10 block.</summary>
    public const string CsrPemLabel = "CERTIFICATE REQUEST";

    private const string Base32Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private const int FingerprintBytes = 20;
    private static readonly byte[] DigestContext = Encoding.ASCII.GetBytes("isac/v1/enrollment-request\0");

    private readonly byte[] _card;
    private readonly byte[] _csr;

    private EnrollmentRequest(byte[] card, byte[] csr)
    {
        _card = card;
        _csr = csr;
    }

    /// <summary>The requested card (a serialized <c>isac.v1.MemberCard</c>, unsigned).</summary>
    public ReadOnlyMemory<byte> CardBytes => _card;

    /// <summary>The PKCS#10 certificate signing request (DER).</summary>
    public ReadOnlyMemory<byte> CertificateSigningRequest => _csr;

    /// <summary>
    /// The out-of-band fingerprint: the first 160 bits of SHA-256 over the card and request bytes (length-prefixed,
    /// domain-separated), in base32 as eight dash-separated groups of four characters.
    /// </summary>
    public string Fingerprint => FormatFingerprint(Digest().AsSpan(0, FingerprintBytes));

    /// <summary>
    /// Builds a request: <paramref name="card"/> as asked for, and a signing request by <paramref name="clientKey"/>
    /// (ECDSA P-256, SHA-256) whose subject CN and SAN URI name the card's member.
    /// </summary>
    /// <exception cref="ArgumentException">The card is not a valid card.</exception>
    public static EnrollmentRequest Create(MemberCard card, ECDsa clientKey)
    {
        ArgumentNullException.ThrowIfNull(card);
        ArgumentNullException.ThrowIfNull(clientKey);
        if (!MemberCards.TryToMember(card, out _, out var error))
        {
            throw new ArgumentException($"invalid card request: {error}", nameof(card));
        }

        var subject = new X500DistinguishedNameBuilder();
        subject.AddOrganizationName("ISAC member");
        subject.AddCommonName(card.MemberId);
        var request = new CertificateRequest(subject.Build(), clientKey, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddUri(MemberCertificates.MemberUri(card.MemberId));
        request.CertificateExtensions.Add(san.Build(false));
        return new EnrollmentRequest(card.ToByteArray(), request.CreateSigningRequest());
    }

    /// <summary>Reads a request written by <see cref="ToPem"/>.</summary>
    /// <exception cref="FormatException">A block is missing, repeated or not base64.</exception>
    public static EnrollmentRequest ParsePem(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        byte[]? card = null;
        byte[]? csr = null;
        var rest = text.AsMemory();
        while (PemEncoding.TryFind(rest.Span, out var fields))
        {
            var label = rest.Span[fields.Label].ToString();
            var data = Convert.FromBase64String(rest.Span[fields.Base64Data].ToString());
            switch (label)
            {
                case CardPemLabel when card is null:
                    card = data;
                    break;
                case CsrPemLabel when csr is null:
                    csr = data;
                    break;
                default:
                    throw new FormatException($"unexpected or repeated PEM block '{label}' in the enrollment request");
            }

            rest = rest[fields.Location.End..];
        }

        if (card is null || csr is null)
        {
            throw new FormatException($"an enrollment request needs one '{CardPemLabel}' block and one '{CsrPemLabel}' block");
        }

        return new EnrollmentRequest(card, csr);
    }

    /// <summary>Normalizes a fingerprint as typed (case, dashes and spaces ignored) for comparison.</summary>
    public static string NormalizeFingerprint(string fingerprint)
    {
        ArgumentNullException.ThrowIfNull(fingerprint);
        return new string([.. fingerprint.Where(c => c is not ('-' or ' ')).Select(char.ToUpperInvariant)]);
    }

    /// <summary>True if <paramref name="typed"/> is this request's fingerprint (case, dashes and spaces ignored).</summary>
    public bool FingerprintMatches(string typed) =>
        string.Equals(NormalizeFingerprint(typed), NormalizeFingerprint(Fingerprint), StringComparison.Ordinal);

    /// <summary>The two PEM blocks.</summary>
    public string ToPem() =>
        new string(PemEncoding.Write(CardPemLabel, _card)) + "\n" + new string(PemEncoding.Write(CsrPemLabel, _csr)) + "\n";

    /// <summary>The requested card.</summary>
    /// <exception cref="FormatException">The card block is not a valid card.</exception>
    public MemberCard ReadCard()
    {
        MemberCard card;
        try
        {
            card = MemberCard.Parser.ParseFrom(_card);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new FormatException("the card request is not a member card: " + e.Message, e);
        }

        return MemberCards.TryToMember(card, out _, out var error) ? card : throw new FormatException("invalid card request: " + error);
    }

    /// <summary>
    /// Checks the signing request's signature (proof that the requester holds its key) and returns the member id
    /// its subject CN names.
    /// </summary>
    /// <exception cref="CryptographicException">The request is malformed or its signature does not verify.</exception>
    public string ReadCsrMemberId()
    {
        var request = CertificateRequest.LoadSigningRequest(_csr, HashAlgorithmName.SHA256, out var consumed, CertificateRequestLoadOptions.Default);
        if (consumed != _csr.Length)
        {
            throw new CryptographicException("The certificate signing request has trailing data.");
        }

        foreach (var name in request.SubjectName.EnumerateRelativeDistinguishedNames())
        {
            if (!name.HasMultipleElements && name.GetSingleElementType().Value == "2.5.4.3")
            {
                return name.GetSingleElementValue() ?? string.Empty;
            }
        }

        return string.Empty;
    }

    private byte[] Digest()
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(DigestContext);
        Span<byte> length = stackalloc byte[4];
        foreach (var part in new[] { _card, _csr })
        {
            BinaryPrimitives.WriteUInt32BigEndian(length, (uint)part.Length);
            hash.AppendData(length);
            hash.AppendData(part);
        }

        return hash.GetHashAndReset();
    }

    private static string FormatFingerprint(ReadOnlySpan<byte> bytes)
    {
        var text = new StringBuilder();
        var buffer = 0;
        var bits = 0;
        foreach (var b in bytes)
        {
            buffer = ((buffer << 8) | b) & 0xFFFF;
            bits += 8;
            while (bits >= 5)
            {
                bits -= 5;
                AppendGrouped(text, Base32Alphabet[(buffer >> bits) & 31]);
            }
        }

        if (bits > 0)
        {
            AppendGrouped(text, Base32Alphabet[(buffer << (5 - bits)) & 31]);
        }

        return text.ToString();
    }

    private static void AppendGrouped(StringBuilder text, char c)
    {
        if (text.Length > 0 && (text.Length + 1) % 5 == 0)
        {
            text.Append('-');
        }

        text.Append(c);
    }
}
