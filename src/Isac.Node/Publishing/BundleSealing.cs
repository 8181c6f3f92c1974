using Google.Protobuf;
using Grpc.Core;
using Isac.Core.Envelope;
using Isac.Core.Membership;
using Isac.Core.Policy;
using Isac.Node.Hosting;
using Isac.Node.LocalStore;
using Isac.V1;
using Audience = Isac.Core.Policy.Audience;

namespace Isac.Node.Publishing;

/// <summary>
/// Seals an outbox request to exactly the audience the sharing policy clears at the given directory version:
/// a new publish with <see cref="SharingPolicy.ResolveRecipients(Member, Core.Labels.Tlp, Audience, ActiveMemberView)"/>, a forward with the forwarding rules and the
/// original's signed header, signature, this member's entry and proof embedded as <c>forwarded_from</c>.
/// </summary>
internal sealed class BundleSealing(NodeRuntime runtime, SharingPolicy policy)
{
    /// <summary>Seals <paramref name="request"/> under <paramref name="bundleId"/>.</summary>
    /// <exception cref="NodeRefusalException">The policy refuses it, or the forwarded original is not in the inbox.</exception>
    public async Task<SealedBundle> SealAsync(OutboxRequest request, byte[] bundleId, byte[]? supersedes, VerifiedDirectory directory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(directory);
        var self = directory.FindActive(runtime.MemberId)
            ?? throw new NodeRefusalException(StatusCode.PermissionDenied, $"'{runtime.MemberId}' is not an active member of directory version {directory.Version} (revoked, expired or not enrolled)");

        ForwardedFrom? forwardedFrom = null;
        RecipientResolution resolution;
        if (request.ForwardOf is null)
        {
            resolution = policy.ResolveRecipients(self, request.Label, request.Audience, directory.ActiveView);
        }
        else
        {
            var original = await OriginalAsync(request.ForwardOf, cancellationToken).ConfigureAwait(false);
            var header = RoutingHeader.Parser.ParseFrom(original.Header);
            resolution = policy.ResolveForwardRecipients(self, EnvelopeReader.LabelOf(header), Audience.FromWire(header.Audience), request.Label, request.Audience, directory.ActiveView);
            forwardedFrom = new ForwardedFrom { Header = original.Header, Signature = original.Signature, Entry = original.Entry, Proof = original.Proof?.Clone() };
        }

        if (!resolution.IsAllowed)
        {
            throw Refusal(resolution.Decision);
        }

        var bundle = new Bundle
        {
            Id = ByteString.CopyFrom(bundleId),
            Kind = request.Kind,
            ContentType = request.ContentType,
            Payload = ByteString.CopyFrom(request.Payload),
            ExerciseId = request.ExerciseId,
            Supersedes = supersedes is null ? ByteString.Empty : ByteString.CopyFrom(supersedes),
        };
        var audience = new V1.Audience();
        audience.Communities.AddRange(request.Audience.Communities);
        audience.Members.AddRange(request.Audience.Members);
        return runtime.Sealer.Seal(new SealRequest(bundle, request.Label, audience, resolution.Recipients, directory.Version, forwardedFrom));
    }

    /// <summary>The refusal for a policy denial: bad input is InvalidArgument, everything else PermissionDenied.</summary>
    public static NodeRefusalException Refusal(PolicyDecision decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        var status = decision.Reason is DenialReason.MalformedId or DenialReason.InvalidLabel ? StatusCode.InvalidArgument : StatusCode.PermissionDenied;
        return new NodeRefusalException(status, $"{decision.Reason}: {decision.Message}");
    }

    private async Task<Delivery> OriginalAsync(byte[] bundleId, CancellationToken cancellationToken)
    {
        var entry = await runtime.Store.GetInboxItemAsync(bundleId, cancellationToken).ConfigureAwait(false);
        if (entry?.Bundle?.Delivery is not { } delivery)
        {
            throw new NodeRefusalException(StatusCode.NotFound, $"bundle {BundleIds.ToText(bundleId)} is not in this node's inbox: only received bundles can be forwarded");
        }

        return Delivery.Parser.ParseFrom(delivery);
    }
}
