using Isac.Core.Membership;
using Isac.V1;

namespace Isac.Core.Envelope;

/// <summary>A broker receipt whose signature by a root-certified broker key verified (see <see cref="ReceiptVerifier"/>).</summary>
/// <param name="Receipt">The parsed receipt.</param>
/// <param name="AcceptedAt">When the broker accepted the bundle: the time revocation cut-offs use.</param>
/// <param name="BrokerKey">The certified key that signed it.</param>
public sealed record VerifiedReceipt(Receipt Receipt, DateTimeOffset AcceptedAt, CertifiedBrokerKey BrokerKey);
