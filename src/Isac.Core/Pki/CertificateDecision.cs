namespace Isac.Core.Pki;

/// <summary>
/// The outcome of checking a certificate against the hub CA: accepted (with the member id, for a client
/// certificate) or refused with the reason.
/// </summary>
/// <param name="IsAccepted">True if the certificate is acceptable for the use that was checked.</param>
/// <param name="Reason">Why it was refused; empty when accepted.</param>
/// <param name="MemberId">The member id of an accepted client certificate; null otherwise.</param>
public sealed record CertificateDecision(bool IsAccepted, string Reason, string? MemberId)
{
    /// <summary>An accepted certificate, with the member id it names (null for a server certificate).</summary>
    public static CertificateDecision Accepted(string? memberId = null) => new(true, string.Empty, memberId);

    /// <summary>A refused certificate and why.</summary>
    public static CertificateDecision Refused(string reason) => new(false, reason, null);
}
