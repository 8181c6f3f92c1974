using Google.Protobuf;
using Grpc.Core;
using Isac.Core.Envelope;
using Isac.Core.Labels;
using Isac.Core.Membership;
using Isac.Core.Policy;
using Isac.Node.Configuration;
using Isac.Node.Hosting;
using Isac.Node.LocalStore;
using Isac.Node.Membership;
using Isac.V1;
using Microsoft.Extensions.Options;
using Audience = Isac.Core.Policy.Audience;

namespace Isac.Node.Publishing;

/// <summary>
/// The local API's publish and forward: check the request, resolve the audience against a current verified
/// directory, seal, persist to the outbox BEFORE sending, then send (or leave it queued for the outbox worker).
/// </summary>
internal sealed class NodePublisher(
    NodeRuntime runtime,
    NodeDirectory directory,
    BundleSealing sealing,
    SharingPolicy policy,
    OutboxProcessor outbox,
    IOptions<NodeOptions> options)
{
    /// <summary>Publishes new content.</summary>
    /// <exception cref="NodeRefusalException">The request is refused; the status says how.</exception>
    public async Task<NodePublishResponse> PublishAsync(NodePublishRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var kind = RequireKind(request.Kind);
        var label = RequireLabel(request.Tlp, "tlp");
        var (contentType, payload) = PublishPayloads.Check(request.ContentType, request.Payload.ToByteArray(), label);
        var current = await directory.ForSealingAsync(label, cancellationToken).ConfigureAwait(false);
        var audience = new Audience(request.Communities, request.Members.Concat(ExpandOrganizations(request.Organizations, current)));
        var exerciseId = string.IsNullOrEmpty(request.ExerciseId) ? options.Value.ExerciseId ?? string.Empty : request.ExerciseId;
        return await SubmitAsync(new OutboxRequest(kind, contentType, payload, label, audience, exerciseId), current, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Forwards a received bundle under the TLP forwarding rules, refused before anything is sent if the rules
    /// forbid it. The content is the original's: the node offers no way to re-publish received content as new.
    /// </summary>
    /// <exception cref="NodeRefusalException">NotFound, or PermissionDenied naming the TLP rule.</exception>
    public async Task<NodePublishResponse> ForwardAsync(NodeForwardRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var id = request.BundleId.ToByteArray();
        var entry = await runtime.Store.GetInboxItemAsync(id, cancellationToken).ConfigureAwait(false);
        if (entry?.Bundle is not { Payload: not null } original)
        {
            throw new NodeRefusalException(StatusCode.NotFound, $"bundle {BundleIds.ToText(id)} is not in this node's inbox: only received bundles can be forwarded");
        }

        var label = request.Tlp == TlpLabel.Unspecified ? original.Label : RequireLabel(request.Tlp, "tlp");
        var audience = new Audience(request.Communities, request.Members);

        // Checked before sealing (and before fetching anything), so a forbidden forward never leaves the node.
        var known = directory.Current;
        if (known?.FindActive(runtime.MemberId) is { } self)
        {
            var decision = policy.CanForward(self, original.Label, original.Audience, label, audience, known.ActiveView);
            if (!decision.IsAllowed)
            {
                throw BundleSealing.Refusal(decision);
            }
        }

        var current = await directory.ForSealingAsync(label, cancellationToken).ConfigureAwait(false);
        var forward = new OutboxRequest(original.Kind, original.ContentType, original.Payload, label, audience, original.ExerciseId, ForwardOf: id);
        return await SubmitAsync(forward, current, cancellationToken).ConfigureAwait(false);
    }

    private async Task<NodePublishResponse> SubmitAsync(OutboxRequest request, VerifiedDirectory current, CancellationToken cancellationToken)
    {
        var id = BundleIds.New();
        var sealedBundle = await sealing.SealAsync(request, id, null, current, cancellationToken).ConfigureAwait(false);
        await runtime.Store.EnqueueAsync(id, request, sealedBundle.ToByteArray(), cancellationToken).ConfigureAwait(false);

        // Persisted: from here on the bundle goes out even if this call is cancelled or the node restarts.
        var outcome = await outbox.SendAsync(id, CancellationToken.None).ConfigureAwait(false);
        var response = new NodePublishResponse { BundleId = ByteString.CopyFrom(outcome.BundleId) };
        switch (outcome.Status)
        {
            case OutboxOutcomeStatus.Published:
                response.Status = "published";
                response.Receipt = outcome.Receipt;
                response.RecipientCount = outcome.RecipientCount;
                return response;
            case OutboxOutcomeStatus.Queued:
                outbox.Wake();
                response.Status = "queued";
                return response;
            default:
                throw new NodeRefusalException(outcome.FailureStatus == StatusCode.OK ? StatusCode.FailedPrecondition : outcome.FailureStatus, $"the broker refused the bundle: {outcome.Message}");
        }
    }

    private static BundleKind RequireKind(BundleKind kind) =>
        kind != BundleKind.Unspecified && Enum.IsDefined(kind)
            ? kind
            : throw new NodeRefusalException(StatusCode.InvalidArgument, $"kind must be one of indicator, advisory, bulletin, sitrep, incident, retraction (got {(int)kind})");

    private static Tlp RequireLabel(TlpLabel wire, string field) =>
        TlpLabels.TryFromWire(wire, out var label)
            ? label
            : throw new NodeRefusalException(StatusCode.InvalidArgument, $"{field} must be a TLP label (CLEAR, GREEN, AMBER, AMBER+STRICT, RED), got {(int)wire}");

    private List<string> ExpandOrganizations(IEnumerable<string> organizations, VerifiedDirectory current)
    {
        var members = new List<string>();
        foreach (var organization in organizations.Distinct(StringComparer.Ordinal))
        {
            var found = current.ActiveView.InOrganization(organization)
                .Where(m => m.MemberId != runtime.MemberId)
                .Select(m => m.MemberId)
                .ToList();
            if (found.Count == 0)
            {
                throw new NodeRefusalException(StatusCode.InvalidArgument, $"organization '{organization}' has no active member other than this one at directory version {current.Version}");
            }

            members.AddRange(found);
        }

        return members;
    }
}
