using System.Security.Cryptography;
using Isac.Core.Crypto;
using Isac.Core.Labels;
using Isac.Core.Membership;
using Isac.V1;

namespace Isac.IntegrationTests.Enrollment;

/// <summary>The enrollment request format: its PEM round trip, what its fingerprint binds, and the CSR's proof of possession.</summary>
public sealed class EnrollmentRequestTests
{
    [Fact]
    public void PemRoundTrip_KeepsTheFingerprint_AndTheFingerprintIgnoresCaseDashesAndSpaces()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = EnrollmentRequest.Create(Card("office-erie", Tlp.Green), key);

        var parsed = EnrollmentRequest.ParsePem(request.ToPem());

        Assert.Equal(request.Fingerprint, parsed.Fingerprint);
        Assert.Matches("^([A-Z2-7]{4}-){7}[A-Z2-7]{4}$", request.Fingerprint);
        Assert.True(parsed.FingerprintMatches(" " + request.Fingerprint.ToLowerInvariant().Replace('-', ' ') + " "));
        Assert.Equal("office-erie", parsed.ReadCsrMemberId());
        Assert.Equal("office-erie", parsed.ReadCard().MemberId);
    }

    [Fact]
    public void Fingerprint_ChangesWithTheCardAndWithTheCertificateKey()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var card = Card("office-erie", Tlp.Green);
        var request = EnrollmentRequest.Create(card, key);

        var amber = card.Clone();
        amber.Clearance = TlpLabel.Amber;

        Assert.False(EnrollmentRequest.Create(amber, key).FingerprintMatches(request.Fingerprint));
        Assert.False(EnrollmentRequest.Create(card, otherKey).FingerprintMatches(request.Fingerprint));
    }

    [Fact]
    public void ReadCsrMemberId_ACsrWithABrokenSignature_IsRefused()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = EnrollmentRequest.Create(Card("office-erie", Tlp.Green), key);
        var csr = request.CertificateSigningRequest.ToArray();
        csr[^3] ^= 0x01; // inside the signature value
        var tampered = EnrollmentRequest.ParsePem(
            new string(PemEncoding.Write(EnrollmentRequest.CardPemLabel, request.CardBytes.Span)) + "\n" + new string(PemEncoding.Write(EnrollmentRequest.CsrPemLabel, csr)));

        Assert.Throws<CryptographicException>(tampered.ReadCsrMemberId);
    }

    [Fact]
    public void ParsePem_AMissingOrRepeatedBlock_IsRefused()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = EnrollmentRequest.Create(Card("office-erie", Tlp.Green), key);
        var card = new string(PemEncoding.Write(EnrollmentRequest.CardPemLabel, request.CardBytes.Span));

        Assert.Contains("needs one", Assert.Throws<FormatException>(() => EnrollmentRequest.ParsePem(card)).Message, StringComparison.Ordinal);
        Assert.Contains("repeated", Assert.Throws<FormatException>(() => EnrollmentRequest.ParsePem(request.ToPem() + card)).Message, StringComparison.Ordinal);
    }

    private static MemberCard Card(string memberId, Tlp clearance)
    {
        var now = DateTimeOffset.UtcNow;
        return MemberCards.ToCard(new Member(
            memberId,
            "erie-county",
            new HashSet<Role> { Role.ElectionOffice },
            clearance,
            new HashSet<string>(StringComparer.Ordinal) { "election-sector" },
            new HashSet<string>(StringComparer.Ordinal),
            SigningKeyPair.Generate().PublicKey,
            EncryptionKeyPair.Generate().PublicKey,
            now,
            now.AddDays(30)));
    }
}
