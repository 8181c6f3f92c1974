namespace Isac.Core.Pki;

/// <summary>A PEM certificate file and its encrypted PKCS#8 PEM private key file.</summary>
/// <param name="CertificatePath">Path of the certificate (PEM).</param>
/// <param name="KeyPath">Path of the private key (encrypted PKCS#8 PEM).</param>
public sealed record CertificateFiles(string CertificatePath, string KeyPath);
