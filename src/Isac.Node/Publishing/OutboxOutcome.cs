using Grpc.Core;
using Isac.V1;

namespace Isac.Node.Publishing;

/// <summary>What became of one send attempt of an outbox item.</summary>
/// <param name="BundleId">The id the bundle went (or waits to go) out under: a re-sealed item has a new one.</param>
/// <param name="Status">Published, queued (the broker was unreachable) or failed (refused for good).</param>
/// <param name="Receipt">The broker's receipt once published.</param>
/// <param name="RecipientCount">Recipients in the receipt.</param>
/// <param name="FailureStatus">The broker's status for a refusal.</param>
/// <param name="Message">The refusal's reason.</param>
internal sealed record OutboxOutcome(byte[] BundleId, OutboxOutcomeStatus Status, SignedReceipt? Receipt = null, uint RecipientCount = 0, StatusCode FailureStatus = StatusCode.OK, string? Message = null);
