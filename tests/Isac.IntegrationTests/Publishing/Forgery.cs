using Google.Protobuf;
using Isac.Core.Crypto;
using Isac.Core.Envelope;
using Isac.Core.Labels;
using Isac.Core.Membership;
using Isac.IntegrationTests.Hosting;
using Isac.V1;

namespace Isac.IntegrationTests.Publishing;

/// <summary>What an attacker or a buggy node does to a sealed bundle: flipped bits, rewritten and re-signed headers, odd clocks.</summary>
internal static class Forgery
{
    public static ByteString FlipBit(ByteString bytes, int index, int bit = 0)
    {
        var copy = bytes.ToByteArray();
        copy[index] ^= (byte)(1 << bit);
        return ByteString.CopyFrom(copy);
    }

    /// <summary>The same bundle with a changed header, left with its original signature (a rewrite in transit).</summary>
    public static SealedBundle RewriteHeader(SealedBundle sealedBundle, Action<RoutingHeader> change)
    {
        var header = RoutingHeader.Parser.ParseFrom(sealedBundle.Header);
        change(header);
        var forged = sealedBundle.Clone();
        forged.Header = header.ToByteString();
        return forged;
    }

    /// <summary>The same bundle with a changed header, signed again by <paramref name="key"/> (a buggy or hostile sender).</summary>
    public static SealedBundle ResignHeader(SealedBundle sealedBundle, SigningKeyPair key, Action<RoutingHeader> change)
    {
        var forged = RewriteHeader(sealedBundle, change);
        forged.Signature = ByteString.CopyFrom(key.Sign(SignatureContext.Header, forged.Header.Span));
        return forged;
    }

    /// <summary>Seals like a node whose clock reads <paramref name="now"/>, with an optional fixed bundle id.</summary>
    public static SealedBundle SealAt(TestFederation federation, string senderId, DateTimeOffset now, ulong directoryVersion, Tlp label,
        Core.Policy.Audience audience, IEnumerable<Member> recipients, string text = "advisory", byte[]? bundleId = null, ForwardedFrom? forwardedFrom = null)
    {
        var wireAudience = new V1.Audience();
        wireAudience.Communities.AddRange(audience.Communities);
        wireAudience.Members.AddRange(audience.Members);
        var bundle = new Bundle { Kind = BundleKind.Advisory, ContentType = "text/markdown", Payload = ByteString.CopyFromUtf8(text) };
        if (bundleId is not null)
        {
            bundle.Id = ByteString.CopyFrom(bundleId);
        }

        var sealer = new Sealer(senderId, federation.Members[senderId].Signing, new FixedClock(now));
        return sealer.Seal(new SealRequest(bundle, label, wireAudience, [.. recipients], directoryVersion, forwardedFrom));
    }

    /// <summary>The proof that <paramref name="memberId"/> received <paramref name="original"/>: what a forward embeds.</summary>
    public static ForwardedFrom ProofOfReceipt(SealedBundle original, string memberId)
    {
        var entries = original.Entries.Select(e => RecipientEntry.Parser.ParseFrom(e)).ToList();
        var index = entries.FindIndex(e => e.MemberId == memberId);
        if (index < 0)
        {
            throw new InvalidOperationException($"Test setup: '{memberId}' has no entry in the original.");
        }

        var tree = new MerkleTree([.. original.Entries.Select(e => e.Memory)]);
        return new ForwardedFrom { Header = original.Header, Signature = original.Signature, Entry = original.Entries[index], Proof = tree.ProofFor(index) };
    }

    public static ByteString BundleIdOf(SealedBundle sealedBundle) => RoutingHeader.Parser.ParseFrom(sealedBundle.Header).BundleId;

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
