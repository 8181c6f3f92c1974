using Google.Protobuf;
using Isac.Core.Crypto;
using Isac.Core.Envelope;
using Isac.Core.Keys;
using Isac.Core.Labels;
using Isac.Node.Receiving;
using Isac.Node.Security;
using Isac.Node.Tests.Support;
using Isac.V1;
using static Isac.Node.Tests.Support.NodeWorld;

namespace Isac.Node.Tests.Receiving;

/// <summary>
/// Issue 5: mail sealed to the old encryption key stays readable until it is drained, then the old private key is
/// destroyed. Driven by state (snapshot, fake clock, the broker's ack answer), never by waiting.
/// </summary>
public sealed class RetiredKeyJanitorTests : IAsyncLifetime, IDisposable
{
    private const string Passphrase = "retired-key test passphrase";
    private readonly NodeWorld _world = new();
    private readonly EncryptionKeyPair _fresh = EncryptionKeyPair.Generate();
    private EncryptionKeyPair _old = null!;
    private string _oldKeyPath = null!;
    private NodeParts _ohio = null!;

    public async Task InitializeAsync()
    {
        // `isac keys rotate` made a new key and moved the old one to the retired folder; the card still has the old one.
        _old = _world.Members[Ohio].Encryption;
        var folder = Directory.CreateTempSubdirectory("isac-retired-").FullName;
        _oldKeyPath = Path.Combine(folder, "old.key.pem");
        KeyFiles.WriteEncryptionKey(_oldKeyPath, _old, Passphrase);
        _ohio = await _world.NodeAsync(Ohio, encryptionKey: _fresh, retired: [new RetiredEncryptionKey(_oldKeyPath, _old)]);
        _ohio.Options.BrokerVersionGrace = TimeSpan.FromMinutes(1);
        _ohio.Options.BrokerMaxBundleAge = TimeSpan.FromMinutes(1);
        await _ohio.UseDirectoryAsync(_world.Snapshot(1));
    }

    public async Task DisposeAsync() => await _ohio.DisposeAsync();

    public void Dispose() => _world.Dispose();

    [Fact]
    public async Task RetiredKey_IsKeptUntilDrained_ThenOverwrittenDeletedAndDropped()
    {
        var sealedToOld = SealToOhio("sealed to the old key");

        // 1. The snapshot still carries the old key on Ohio's card: kept.
        Assert.Empty(await _ohio.Janitor.RunOnceAsync(CancellationToken.None));

        // 2. The rotation is published; bundles sealed to the old key may still be accepted for grace + age + skew.
        _world.RotateEncryptionKey(Ohio, _fresh);
        await _ohio.UseDirectoryAsync(_world.Snapshot(2));
        Assert.Empty(await _ohio.Janitor.RunOnceAsync(CancellationToken.None));
        Assert.Equal(DeliveryProcessor.Result.Stored, await _ohio.Deliveries.ProcessAsync(DeliveryFor(sealedToOld, Ohio, 1), CancellationToken.None));
        await _ohio.Store.AdvanceCursorAsync(1);

        // 3. The window has passed but the mailbox holds two more entries than the node acknowledged: kept.
        _world.Time.Advance(TimeSpan.FromMinutes(4) + TimeSpan.FromSeconds(1));
        _ohio.Broker.MailboxHead = 3;
        Assert.Empty(await _ohio.Janitor.RunOnceAsync(CancellationToken.None));
        Assert.True(File.Exists(_oldKeyPath));
        Assert.Single(_ohio.Runtime.RetiredKeys);

        // 4. The node read and acknowledged them: drained, destroyed.
        await _ohio.Store.AdvanceCursorAsync(3);
        var destroyed = await _ohio.Janitor.RunOnceAsync(CancellationToken.None);

        Assert.Equal([KeyId.ToHex(_old.KeyId)], destroyed);
        Assert.False(File.Exists(_oldKeyPath));
        Assert.Empty(_ohio.Runtime.RetiredKeys);
        Assert.Contains(3ul, _ohio.Broker.Acks);
        // Nothing opens with it any more, in this node or with the zeroed key object.
        var late = SealToOhio("a late copy sealed to the old key");
        Assert.Equal(DeliveryProcessor.Result.Quarantined, await _ohio.Deliveries.ProcessAsync(DeliveryFor(late, Ohio, 4), CancellationToken.None));
        Assert.Equal(nameof(EnvelopeError.UnknownRecipientKey), Assert.Single(await _ohio.Store.ListQuarantineAsync()).Reason);
        Assert.ThrowsAny<EnvelopeException>(() => new Opener(Ohio, [_old]).Open(DeliveryFor(late, Ohio, 5), _world.Verify(_world.Snapshot(3))));
        // Mail for the new key still opens.
        Assert.Equal(DeliveryProcessor.Result.Stored, await _ohio.Deliveries.ProcessAsync(DeliveryFor(SealToOhio("new key", _world.Members[Ohio].Member), Ohio, 6), CancellationToken.None));
    }

    [Fact]
    public async Task RetiredKey_StillOnTheCard_IsNeverDestroyed_HoweverLongItWaits()
    {
        _world.Time.Advance(TimeSpan.FromDays(2));

        Assert.Empty(await _ohio.Janitor.RunOnceAsync(CancellationToken.None));
        Assert.True(File.Exists(_oldKeyPath));
        Assert.Single(_ohio.Runtime.RetiredKeys);
    }

    /// <summary>A TLP:AMBER bundle from the CERT to Ohio as <paramref name="recipient"/> describes it (default: the old card).</summary>
    private SealedBundle SealToOhio(string text, Core.Membership.Member? recipient = null)
    {
        var ohio = recipient ?? (_world.Members[Ohio].Member with { EncryptionPublicKey = _old.PublicKey });
        var bundle = new Bundle { Kind = BundleKind.Advisory, ContentType = "text/markdown", Payload = ByteString.CopyFromUtf8(text) };
        var audience = new V1.Audience { Members = { Ohio } };
        return new Sealer(Cert, _world.Members[Cert].Signing, _world.Time).Seal(new SealRequest(bundle, Tlp.Amber, audience, [ohio], 1));
    }
}
