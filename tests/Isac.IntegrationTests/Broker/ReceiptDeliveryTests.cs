using Isac.Core.Crypto;
using Isac.Core.Envelope;
using Isac.Core.Labels;
using Isac.Core.Membership;
using Isac.IntegrationTests.Hosting;
using Isac.V1;
using Audience = Isac.Core.Policy.Audience;

namespace Isac.IntegrationTests.Broker;

/// <summary>One broker on embedded Garnet with a member of its own whose mailbox only these tests fill.</summary>
public sealed class ReceiptBrokerFixture : PkiBrokerFixture
{
    public const string Recipient = "office-receipts";

    protected override Task PrepareAsync(TestPki pki)
    {
        ArgumentNullException.ThrowIfNull(pki);
        pki.Federation.Add(TestFederation.Spec(Recipient, Recipient, Tlp.Red, [Role.ElectionOffice], []));
        return pki.Federation.WriteRosterAsync();
    }
}

/// <summary>
/// The broker's receipt key is certified by the governance root and listed in every snapshot, and every delivery
/// carries the receipt the publisher got, verifiable by the recipient: over real gRPC, mTLS and Garnet.
/// </summary>
public sealed class ReceiptDeliveryTests(ReceiptBrokerFixture fixture) : IClassFixture<ReceiptBrokerFixture>
{
    private TestFederation Federation => fixture.Pki.Federation;

    [Fact]
    public async Task Snapshot_ListsTheBrokersReceiptKey_CertifiedByTheRoot()
    {
        using var cert = fixture.Broker.Client(TestFederation.Cert);

        var directory = await cert.DirectoryAsync(Federation);

        var key = Assert.Single(directory.BrokerKeys);
        Assert.Equal(Federation.BrokerKey.PublicKey, key.PublicKey);
        Assert.True(key.IsValidAt(DateTimeOffset.UtcNow));
    }

    [Fact]
    public async Task Delivery_CarriesThePublishersReceipt_WhichVerifiesAgainstTheSnapshot()
    {
        using var cert = fixture.Broker.Client(TestFederation.Cert);
        var directory = await cert.DirectoryAsync(Federation);
        var sealedBundle = Federation.Seal(TestFederation.Cert, directory, Tlp.Red, Audience.OfMembers(ReceiptBrokerFixture.Recipient), "receipted");
        var header = RoutingHeader.Parser.ParseFrom(sealedBundle.Header);
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);

        var published = await cert.PublishAsync(sealedBundle);
        using var recipient = fixture.Broker.Client(ReceiptBrokerFixture.Recipient);
        var delivery = Assert.Single(await recipient.DeliveriesOfAsync(header.BundleId));

        Assert.Equal(published, delivery.Receipt);
        var verified = ReceiptVerifier.Verify(delivery.Receipt, header, directory, DateTimeOffset.UtcNow);
        Assert.Equal(Federation.BrokerKey.KeyId, verified.BrokerKey.KeyId);
        Assert.InRange(verified.AcceptedAt, before, DateTimeOffset.UtcNow);
        Assert.Equal(1u, verified.Receipt.RecipientCount);
        Assert.Equal(fixture.Broker.BrokerId, verified.Receipt.AuditPosition.BrokerId);
        // And the recipient opens it against that directory.
        var opened = Federation.Members[ReceiptBrokerFixture.Recipient].Opener().Open(delivery, RevocationCutoff.DirectoryFor(header, verified, directory));
        Assert.Equal("receipted", opened.Bundle.Payload.ToStringUtf8());
    }

    [Fact]
    public async Task Publish_Retried_AnswersTheReceiptTheDeliveryCarries()
    {
        using var cert = fixture.Broker.Client(TestFederation.Cert);
        var directory = await cert.DirectoryAsync(Federation);
        var sealedBundle = Federation.Seal(TestFederation.Cert, directory, Tlp.Red, Audience.OfMembers(ReceiptBrokerFixture.Recipient), "retried");

        var first = await cert.PublishAsync(sealedBundle);
        var retry = await cert.PublishAsync(sealedBundle);
        using var recipient = fixture.Broker.Client(ReceiptBrokerFixture.Recipient);
        var delivery = Assert.Single(await recipient.DeliveriesOfAsync(RoutingHeader.Parser.ParseFrom(sealedBundle.Header).BundleId));

        Assert.Equal(first, retry);
        Assert.Equal(first, delivery.Receipt);
        Assert.True(Signatures.Verify(Federation.BrokerKey.PublicKey, SignatureContext.Receipt, delivery.Receipt.Receipt.Span, delivery.Receipt.Signature.Span));
    }

    [Fact]
    public async Task Ack_AnswersTheMailboxHead_SoANodeCanTellItsMailboxIsDrained()
    {
        using var cert = fixture.Broker.Client(TestFederation.Cert);
        var directory = await cert.DirectoryAsync(Federation);
        await cert.PublishAsync(Federation.Seal(TestFederation.Cert, directory, Tlp.Red, Audience.OfMembers(ReceiptBrokerFixture.Recipient), "read and acked"));
        using var recipient = fixture.Broker.Client(ReceiptBrokerFixture.Recipient);
        var last = (await recipient.ReadMailboxAsync()).Max(i => i.Delivery?.Sequence ?? i.Gap.ToSequence);

        var drained = await recipient.Broker.AckAsync(new AckRequest { Cursor = last });
        await cert.PublishAsync(Federation.Seal(TestFederation.Cert, directory, Tlp.Red, Audience.OfMembers(ReceiptBrokerFixture.Recipient), "not read yet"));
        var behind = await recipient.Broker.AckAsync(new AckRequest { Cursor = last });

        Assert.Equal(last, drained.AckedThrough);
        Assert.Equal(last, drained.MailboxHead);
        Assert.Equal(last, behind.AckedThrough);
        Assert.Equal(last + 1, behind.MailboxHead);
    }
}
