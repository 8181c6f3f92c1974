using Isac.Core.Envelope;
using Isac.Core.Tests.TestSupport;
using Isac.V1;

namespace Isac.Core.Tests.Envelope;

/// <summary>
/// Issue 5: mail from a member revoked since is judged by the broker's signed accepted-at, never by the sender's own
/// created-at (a thief holding the revoked signing key would simply backdate it).
/// </summary>
public sealed class RevocationCutoffTests
{
    private static readonly DateTimeOffset RevokedAt = ReceiptWorld.Start.AddMinutes(-10);

    private readonly ReceiptWorld _world = new();

    [Fact]
    public void SenderRevokedAfterTheBrokerAcceptedTheBundle_DeliveryOpens()
    {
        var sealedBundle = _world.Seal(RevokedAt.AddMinutes(-5));
        var directory = _world.Directory(ReceiptWorld.RevokeSender(RevokedAt));
        var delivery = ReceiptWorld.DeliveryFor(sealedBundle, _world.ReceiptFor(sealedBundle, RevokedAt.AddMinutes(-4)));

        var opened = Open(delivery, directory);

        Assert.Equal("block evil.example", opened.Bundle.Payload.ToStringUtf8());
        Assert.Equal(ReceiptWorld.Sender, opened.Sender.MemberId);
    }

    [Fact]
    public void SenderRevokedBeforeTheBrokerAcceptedTheBundle_IsRefusedNamingTheRevocationAndBothTimes()
    {
        var sealedBundle = _world.Seal(RevokedAt.AddMinutes(1));
        var acceptedAt = RevokedAt.AddMinutes(1);
        var directory = _world.Directory(ReceiptWorld.RevokeSender(RevokedAt));

        var error = Assert.Throws<EnvelopeException>(() => Open(ReceiptWorld.DeliveryFor(sealedBundle, _world.ReceiptFor(sealedBundle, acceptedAt)), directory));

        Assert.Equal(EnvelopeError.SenderRevoked, error.Error);
        Assert.Contains($"revoked at {RevokedAt:O}", error.Message, StringComparison.Ordinal);
        Assert.Contains("signing key stolen", error.Message, StringComparison.Ordinal);
        Assert.Contains($"accepted this bundle at {acceptedAt:O}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AcceptedAtTheVeryInstantOfTheRevocation_IsRefused()
    {
        var sealedBundle = _world.Seal(RevokedAt.AddMinutes(-1));
        var directory = _world.Directory(ReceiptWorld.RevokeSender(RevokedAt));

        var error = Assert.Throws<EnvelopeException>(() => Open(ReceiptWorld.DeliveryFor(sealedBundle, _world.ReceiptFor(sealedBundle, RevokedAt)), directory));

        Assert.Equal(EnvelopeError.SenderRevoked, error.Error);
    }

    [Fact]
    public void BackdatedCreatedAt_DoesNotHelpMailTheBrokerAcceptedAfterTheRevocation()
    {
        // The thief's header says "created an hour before the revocation"; the broker's receipt says otherwise.
        var sealedBundle = _world.Seal(RevokedAt.AddHours(-1));
        var directory = _world.Directory(ReceiptWorld.RevokeSender(RevokedAt));

        var error = Assert.Throws<EnvelopeException>(() => Open(ReceiptWorld.DeliveryFor(sealedBundle, _world.ReceiptFor(sealedBundle, RevokedAt.AddMinutes(2))), directory));

        Assert.Equal(EnvelopeError.SenderRevoked, error.Error);
    }

    [Fact]
    public void CreatedAtAfterTheRevocation_StillOpensWhenTheBrokerAcceptedItBefore()
    {
        // A sender clock running ahead (within the broker's skew) puts created-at after the revocation; the
        // broker's accepted-at is what counts.
        var sealedBundle = _world.Seal(RevokedAt.AddMinutes(1));
        var directory = _world.Directory(ReceiptWorld.RevokeSender(RevokedAt));

        var opened = Open(ReceiptWorld.DeliveryFor(sealedBundle, _world.ReceiptFor(sealedBundle, RevokedAt.AddSeconds(-1))), directory);

        Assert.Equal(ReceiptWorld.Sender, opened.Sender.MemberId);
    }

    [Fact]
    public void ActiveSender_KeepsTheVerifiedDirectoryAsIs()
    {
        var sealedBundle = _world.Seal(ReceiptWorld.Start);
        var directory = _world.Directory();
        var receipt = ReceiptVerifier.Verify(_world.ReceiptFor(sealedBundle, ReceiptWorld.Start), RoutingHeader.Parser.ParseFrom(sealedBundle.Header), directory, ReceiptWorld.Start);

        Assert.Same(directory, RevocationCutoff.DirectoryFor(RoutingHeader.Parser.ParseFrom(sealedBundle.Header), receipt, directory));
    }

    [Fact]
    public void RevokedCard_IsListedWithItsEarliestRevocation_ButNotActive()
    {
        var directory = _world.Directory(ReceiptWorld.RevokeSender(RevokedAt.AddMinutes(5)), ReceiptWorld.RevokeSender(RevokedAt));

        var listed = directory.FindListed(ReceiptWorld.Sender);

        Assert.NotNull(listed);
        Assert.Equal(RevokedAt, listed.Revocation!.RevokedAt);
        Assert.Null(directory.FindActive(ReceiptWorld.Sender));
        Assert.Null(directory.FindListed(ReceiptWorld.Recipient)!.Revocation);
        Assert.Null(directory.FindListed("nobody"));
    }

    private OpenedBundle Open(Delivery delivery, Isac.Core.Membership.VerifiedDirectory directory)
    {
        var header = EnvelopeReader.ParseHeader(delivery.Header.Span);
        var receipt = ReceiptVerifier.Verify(delivery.Receipt, header, directory, _world.Time.GetUtcNow());
        return _world.RecipientOpener().Open(delivery, RevocationCutoff.DirectoryFor(header, receipt, directory));
    }
}
