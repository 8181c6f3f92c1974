namespace Isac.Core.Pki;

/// <summary>The files <see cref="DevCertificates.WriteAsync"/> wrote.</summary>
/// <param name="Directory">The output directory.</param>
/// <param name="HubCa">The hub CA certificate and its encrypted key.</param>
/// <param name="Broker">The broker's server certificate and its encrypted key.</param>
/// <param name="Identity">The identity service's server certificate and its encrypted key.</param>
/// <param name="Members">Each member's client certificate and encrypted key, by member id.</param>
public sealed record DevCertificateSet(
    string Directory,
    CertificateFiles HubCa,
    CertificateFiles Broker,
    CertificateFiles Identity,
    IReadOnlyDictionary<string, CertificateFiles> Members);
