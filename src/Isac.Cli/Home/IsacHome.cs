using Isac.Core.Pki;

namespace Isac.Cli.Home;

/// <summary>
/// The folder the <c>isac</c> commands keep their state in (default <c>.isac/</c> in the current directory,
/// git-ignored; <c>--home</c> changes it) and the dev certificates folder (default <c>certs-dev/</c>,
/// <c>--certs</c> changes it). Every path a command reads or writes is named here, so the layout is in one place:
/// <code>
/// governance/root.key.pem           governance root (Ed25519, encrypted PKCS#8): keep it offline in production
/// governance/root.pub               its public key, 64 hex characters (nodes and the broker pin it)
/// broker/directory.key.pem          the online directory key
/// broker/directory-key.cert         its certificate, signed by the root (24 h at most)
/// broker/receipt.key.pem            the broker's receipt and audit-checkpoint key
/// broker/roster.bin                 root-signed member cards and revocations (the broker re-reads it)
/// broker/approvals.log              who approved each enrollment (<c>isac members approve</c>), one line each
/// broker/store/                     the embedded Garnet store
/// identity/token-signing.key.pem    the identity service's token signing key (ECDSA P-256, created on first start)
/// members/&lt;id&gt;/signing.key.pem     the member's Ed25519 key
/// members/&lt;id&gt;/encryption.key.pem  the member's X25519 key
/// members/&lt;id&gt;/public-keys.txt     both public keys in hex (what <c>isac members add</c> signs)
/// members/&lt;id&gt;/enrollment-request.pem   the card request and certificate signing request (<c>isac enroll request</c>)
/// members/&lt;id&gt;/retired-encryption-keys/  encryption keys replaced by <c>isac keys rotate</c> (the node still opens mail sealed to them)
/// members/&lt;id&gt;/node/              the member node's data (SQLite inbox, outbox, quarantine)
/// members/&lt;id&gt;/taxii-users.json    the node's local TAXII users, password hashes and token digests only (<c>isac taxii user add</c>)
/// certs-dev/hub-ca.crt.pem, broker.crt.pem, identity.crt.pem, member-&lt;id&gt;.crt.pem (+ .key.pem): written by <c>isac certs dev</c>
/// certs-dev/taxii-&lt;id&gt;.crt.pem (+ .key.pem): the member node's TAXII server certificate, written by <c>isac taxii cert</c>
/// </code>
/// </summary>
internal sealed class IsacHome
{
    /// <summary>The default home folder, relative to the current directory.</summary>
    public const string DefaultRoot = ".isac";

    /// <summary>The default dev certificates folder, relative to the current directory.</summary>
    public const string DefaultCerts = "certs-dev";

    public IsacHome(string root, string certificates)
    {
        Root = Path.GetFullPath(root);
        Certificates = Path.GetFullPath(certificates);
    }

    public string Root { get; }

    public string Certificates { get; }

    public string GovernanceDirectory => Path.Combine(Root, "governance");

    public string RootKeyPath => Path.Combine(GovernanceDirectory, "root.key.pem");

    public string RootPublicKeyPath => Path.Combine(GovernanceDirectory, "root.pub");

    public string BrokerDirectory => Path.Combine(Root, "broker");

    public string DirectoryKeyPath => Path.Combine(BrokerDirectory, "directory.key.pem");

    public string DirectoryKeyCertificatePath => Path.Combine(BrokerDirectory, "directory-key.cert");

    public string ReceiptKeyPath => Path.Combine(BrokerDirectory, "receipt.key.pem");

    public string ReceiptKeyCertificatePath => Path.Combine(BrokerDirectory, "receipt-key.cert");

    public string RosterPath => Path.Combine(BrokerDirectory, "roster.bin");

    public string ApprovalsLogPath => Path.Combine(BrokerDirectory, "approvals.log");

    public string StoreDirectory => Path.Combine(BrokerDirectory, "store");

    public string HubCaCertificatePath => Path.Combine(Certificates, DevCertificates.HubCaCertificateFile);

    public string HubCaKeyPath => Path.Combine(Certificates, DevCertificates.HubCaKeyFile);

    public string BrokerCertificatePath => Path.Combine(Certificates, DevCertificates.BrokerCertificateFile);

    public string BrokerKeyPath => Path.Combine(Certificates, DevCertificates.BrokerKeyFile);

    public string IdentityCertificatePath => Path.Combine(Certificates, DevCertificates.IdentityCertificateFile);

    public string IdentityKeyPath => Path.Combine(Certificates, DevCertificates.IdentityKeyFile);

    /// <summary>The identity service's token signing key (created on its first start, then reused).</summary>
    public string IdentitySigningKeyPath => Path.Combine(Root, "identity", "token-signing.key.pem");

    public string MemberDirectory(string memberId) => Path.Combine(Root, "members", FileStem(memberId));

    public string SigningKeyPath(string memberId) => Path.Combine(MemberDirectory(memberId), "signing.key.pem");

    public string EncryptionKeyPath(string memberId) => Path.Combine(MemberDirectory(memberId), "encryption.key.pem");

    public string PublicKeysPath(string memberId) => Path.Combine(MemberDirectory(memberId), "public-keys.txt");

    public string EnrollmentRequestPath(string memberId) => Path.Combine(MemberDirectory(memberId), "enrollment-request.pem");

    public string RetiredEncryptionKeysDirectory(string memberId) => Path.Combine(MemberDirectory(memberId), "retired-encryption-keys");

    public string NodeDataDirectory(string memberId) => Path.Combine(MemberDirectory(memberId), "node");

    /// <summary>The node's local TAXII users (<see cref="TaxiiUserFile"/>).</summary>
    public string TaxiiUsersPath(string memberId) => Path.Combine(MemberDirectory(memberId), "taxii-users.json");

    /// <summary>The server certificate of the member node's TAXII listener, issued by the hub CA.</summary>
    public string TaxiiCertificatePath(string memberId) => Path.Combine(Certificates, "taxii-" + FileStem(memberId) + ".crt.pem");

    /// <summary>The TAXII server certificate's key (encrypted PKCS#8).</summary>
    public string TaxiiKeyPath(string memberId) => Path.Combine(Certificates, "taxii-" + FileStem(memberId) + ".key.pem");

    /// <summary>The member's mTLS client certificate, as <see cref="DevCertificates"/> names it.</summary>
    public string ClientCertificatePath(string memberId) => Path.Combine(Certificates, "member-" + FileStem(memberId) + ".crt.pem");

    /// <summary>The member's mTLS client key, as <see cref="DevCertificates"/> names it.</summary>
    public string ClientKeyPath(string memberId) => Path.Combine(Certificates, "member-" + FileStem(memberId) + ".key.pem");

    /// <summary>A ':' in a member id becomes '_' in file names (as in <see cref="DevCertificates"/>).</summary>
    private static string FileStem(string memberId) => memberId.Replace(':', '_');
}
