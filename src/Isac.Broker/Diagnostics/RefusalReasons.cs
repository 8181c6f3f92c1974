namespace Isac.Broker.Diagnostics;

/// <summary>Stable tokens for the <c>reason</c> tag of <c>isac.broker.refusals</c> (low cardinality: never ids).</summary>
internal static class RefusalReasons
{
    /// <summary>The TLS handshake refused a client certificate that is not valid under the hub CA.</summary>
    public const string ClientCertificateUntrusted = "client-certificate-untrusted";

    /// <summary>Certificate authentication failed (defence in depth behind the TLS check).</summary>
    public const string ClientCertificateInvalid = "client-certificate-invalid";

    /// <summary>A hub-CA certificate that names no member.</summary>
    public const string ClientCertificateWithoutMemberId = "client-certificate-without-member-id";
}
