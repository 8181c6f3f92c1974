using System.Net;

namespace Isac.Core.Pki;

/// <summary>
/// Writes a complete development PKI into a directory (what <c>isac certs dev</c> writes into
/// <c>certs-dev/</c>): <c>hub-ca.crt.pem</c> / <c>hub-ca.key.pem</c>, <c>broker.crt.pem</c> /
/// <c>broker.key.pem</c>, <c>identity.crt.pem</c> / <c>identity.key.pem</c> (the identity service), and per member <c>member-&lt;id&gt;.crt.pem</c> / <c>member-&lt;id&gt;.key.pem</c>
/// (a ':' in the member id becomes '_' in the file name). Every key is encrypted PKCS#8 under the given passphrase.
/// </summary>
public static class DevCertificates
{
    /// <summary>File name of the hub CA certificate.</summary>
    public const string HubCaCertificateFile = "hub-ca.crt.pem";

    /// <summary>File name of the hub CA private key.</summary>
    public const string HubCaKeyFile = "hub-ca.key.pem";

    /// <summary>File name of the broker's server certificate.</summary>
    public const string BrokerCertificateFile = "broker.crt.pem";

    /// <summary>File name of the broker's private key.</summary>
    public const string BrokerKeyFile = "broker.key.pem";

    /// <summary>File name of the identity service's server certificate.</summary>
    public const string IdentityCertificateFile = "identity.crt.pem";

    /// <summary>File name of the identity service's private key.</summary>
    public const string IdentityKeyFile = "identity.key.pem";

    /// <summary>
    /// Creates a new hub CA, a broker certificate (SAN localhost, 127.0.0.1, ::1 and <paramref name="brokerDnsNames"/>),
    /// an identity service certificate (the same names) and one client certificate per member, and writes them into <paramref name="directory"/> (created if needed).
    /// Refuses to replace an existing hub CA unless <paramref name="overwrite"/> is set: certificates issued by the
    /// old CA would silently stop working.
    /// </summary>
    /// <exception cref="ArgumentException">A member id is invalid or repeated.</exception>
    /// <exception cref="IOException">A hub CA already exists and <paramref name="overwrite"/> is false.</exception>
    public static async Task<DevCertificateSet> WriteAsync(
        string directory,
        IEnumerable<string> memberIds,
        string passphrase,
        IEnumerable<string>? brokerDnsNames = null,
        bool overwrite = false,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentNullException.ThrowIfNull(memberIds);
        ArgumentException.ThrowIfNullOrEmpty(passphrase);
        var members = memberIds.ToList();
        foreach (var memberId in members)
        {
            MemberCertificates.ThrowIfInvalidMemberId(memberId, nameof(memberIds));
        }

        if (members.Distinct(StringComparer.Ordinal).Count() != members.Count)
        {
            throw new ArgumentException("A member id is listed twice.", nameof(memberIds));
        }

        Directory.CreateDirectory(directory);
        var hubCa = Files(directory, HubCaCertificateFile, HubCaKeyFile);
        if (!overwrite && (File.Exists(hubCa.CertificatePath) || File.Exists(hubCa.KeyPath)))
        {
            throw new IOException($"A hub CA already exists in '{directory}'; pass overwrite to replace it and every certificate it issued.");
        }

        using var ca = HubCertificateAuthority.Create();
        await ca.SaveAsync(hubCa.CertificatePath, hubCa.KeyPath, passphrase, cancellationToken).ConfigureAwait(false);

        var broker = Files(directory, BrokerCertificateFile, BrokerKeyFile);
        using (var brokerCertificate = ca.IssueServerCertificate("isac-broker", brokerDnsNames, [IPAddress.Loopback]))
        {
            await PemFiles.WriteCertificateAndKeyAsync(brokerCertificate, broker.CertificatePath, broker.KeyPath, passphrase, cancellationToken)
                .ConfigureAwait(false);
        }

        var identity = Files(directory, IdentityCertificateFile, IdentityKeyFile);
        using (var identityCertificate = ca.IssueServerCertificate("isac-identity", brokerDnsNames, [IPAddress.Loopback]))
        {
            await PemFiles.WriteCertificateAndKeyAsync(identityCertificate, identity.CertificatePath, identity.KeyPath, passphrase, cancellationToken)
                .ConfigureAwait(false);
        }

        var written = new Dictionary<string, CertificateFiles>(StringComparer.Ordinal);
        foreach (var memberId in members)
        {
            var stem = "member-" + memberId.Replace(':', '_');
            var files = Files(directory, stem + ".crt.pem", stem + ".key.pem");
            using var certificate = ca.IssueMemberCertificate(memberId);
            await PemFiles.WriteCertificateAndKeyAsync(certificate, files.CertificatePath, files.KeyPath, passphrase, cancellationToken)
                .ConfigureAwait(false);
            written.Add(memberId, files);
        }

        return new DevCertificateSet(Path.GetFullPath(directory), hubCa, broker, identity, written);
    }

    private static CertificateFiles Files(string directory, string certificateFile, string keyFile) =>
        new(Path.GetFullPath(Path.Combine(directory, certificateFile)), Path.GetFullPath(Path.Combine(directory, keyFile)));
}
