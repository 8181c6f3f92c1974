using Google.Protobuf;
using Grpc.Core;
using Isac.Core.Crypto;
using Isac.Core.Labels;
using Isac.Core.Membership;
using Isac.Core.Wire;
using Isac.IntegrationTests.Hosting;
using Isac.V1;
using static Isac.IntegrationTests.Hosting.TestFederation;
using static Isac.IntegrationTests.Publishing.Forgery;
using Audience = Isac.Core.Policy.Audience;

namespace Isac.IntegrationTests.Publishing;

/// <summary>
/// The bad-input matrix of issue 3 over real gRPC and mTLS: every refusal has its precise status (section 3 of the
/// issue) and reason, changes no mailbox, is counted in <c>isac.broker.refusals</c> and is audited.
/// </summary>
public sealed class PublishRefusalTests(RefusalBrokerFixture fixture) : IClassFixture<RefusalBrokerFixture>
{
    private const string Stranger = "stranger";
    private static readonly string[] Everyone = [Cert, OfficeOhio, OfficeTexas, Vendor];
    private static readonly Audience ElectionSector = Audience.OfCommunities("election-sector");

    private TestFederation Federation => fixture.Pki.Federation;

    [Theory]
    // Forgery and corruption.
    [InlineData("forged-signature", StatusCode.PermissionDenied, "bad-signature")]
    [InlineData("signed-by-another-member", StatusCode.PermissionDenied, "bad-signature")]
    [InlineData("header-bit-flipped", StatusCode.PermissionDenied, "bad-signature")]
    [InlineData("label-rewritten", StatusCode.PermissionDenied, "bad-signature")]
    [InlineData("entry-bit-flipped", StatusCode.InvalidArgument, "merkle-root-mismatch")]
    [InlineData("entry-dropped", StatusCode.InvalidArgument, "merkle-root-mismatch")]
    [InlineData("ciphertext-bit-flipped", StatusCode.InvalidArgument, "digest-mismatch")]
    // Who sends.
    [InlineData("sender-mismatch", StatusCode.PermissionDenied, "sender-mismatch")]
    // Who receives.
    [InlineData("unknown-recipient-entry", StatusCode.PermissionDenied, "extra-recipient")]
    [InlineData("uncleared-recipient-entry", StatusCode.PermissionDenied, "extra-recipient")]
    [InlineData("unknown-named-recipient", StatusCode.PermissionDenied, "unknown-recipient")]
    [InlineData("uncleared-named-recipient", StatusCode.PermissionDenied, "recipient-not-cleared")]
    [InlineData("missing-recipient", StatusCode.PermissionDenied, "missing-recipient")]
    [InlineData("recipient-entry-for-an-old-key", StatusCode.PermissionDenied, "stale-recipient-key")]
    [InlineData("duplicate-recipient", StatusCode.InvalidArgument, "duplicate-recipient")]
    [InlineData("role-violation", StatusCode.PermissionDenied, "label-not-allowed-for-role")]
    [InlineData("clear-broadcast-from-office", StatusCode.PermissionDenied, "clear-broadcast-not-allowed")]
    // When and against what.
    [InlineData("stale-timestamp", StatusCode.FailedPrecondition, "stale")]
    [InlineData("future-timestamp", StatusCode.FailedPrecondition, "future")]
    [InlineData("unknown-directory-version", StatusCode.FailedPrecondition, "directory-version")]
    [InlineData("replay-other-digest", StatusCode.AlreadyExists, "replay")]
    // Shape.
    [InlineData("oversize-header", StatusCode.InvalidArgument, "oversize")]
    [InlineData("oversize-ciphertext", StatusCode.InvalidArgument, "oversize")]
    [InlineData("garbage-header", StatusCode.InvalidArgument, "malformed")]
    [InlineData("empty-bundle", StatusCode.InvalidArgument, "malformed")]
    [InlineData("unknown-header-field", StatusCode.InvalidArgument, "non-canonical")]
    [InlineData("bad-protocol-version", StatusCode.InvalidArgument, "unsupported-version")]
    [InlineData("bad-suite", StatusCode.InvalidArgument, "unsupported-suite")]
    // Forwarding (DESIGN.md section 2).
    [InlineData("forward-amber-outside-clients", StatusCode.PermissionDenied, "forward-amber-only-to-clients")]
    [InlineData("forward-lowers-label", StatusCode.PermissionDenied, "forward-lowers-label")]
    [InlineData("forward-red", StatusCode.PermissionDenied, "forward-red-never")]
    [InlineData("forward-amber-strict", StatusCode.PermissionDenied, "forward-amber-strict-never")]
    [InlineData("forward-not-received", StatusCode.PermissionDenied, "forward-not-received")]
    public async Task Publish_BadInput_IsRefusedWithStatusAndReason_CountedAudited_NoMailboxChanged(string @case, StatusCode status, string reason)
    {
        var (caller, sealedBundle) = await BuildAsync(@case);

        await AssertRefusedAsync(caller, sealedBundle, status, reason);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Publish_WithoutOrWithForeignClientCertificate_NeverReachesTheBrokerAndDeliversNothing(bool foreign)
    {
        using var cert = fixture.Broker.Client(Cert);
        var sealedBundle = Federation.Seal(Cert, await cert.DirectoryAsync(Federation), Tlp.Green, ElectionSector);
        var before = await fixture.Broker.State.MailboxesAsync(Everyone);
        var auditBefore = await fixture.Broker.State.AuditLengthAsync();
        using var refusals = new RefusalRecorder(fixture.Broker.Services);
        using var certificate = foreign ? fixture.Pki.IssueForeignMember(Cert) : null;
        using var channel = fixture.Broker.CreateChannel(certificate);

        var error = await Assert.ThrowsAsync<RpcException>(() => new V1.Broker.BrokerClient(channel).PublishAsync(sealedBundle).ResponseAsync);

        // The TLS layer closes the connection (see BrokerMutualTlsTests for what the client sees exactly).
        Assert.Contains(error.StatusCode, new[] { StatusCode.Unavailable, StatusCode.Internal });
        Assert.Equal(foreign ? ["client-certificate-untrusted"] : [], refusals.Reasons);
        Assert.Equal(before, await fixture.Broker.State.MailboxesAsync(Everyone));
        Assert.Equal(auditBefore, await fixture.Broker.State.AuditLengthAsync());
    }

    [Fact]
    public async Task Publish_FromAMemberNotInTheRoster_GetsNoTokenAndNeverReachesTheBroker()
    {
        // A hub-CA certificate is not enough: the identity service issues tokens to roster members only.
        var (caller, sealedBundle) = await BuildAsync("unknown-sender");
        var before = await fixture.Broker.State.MailboxesAsync(Everyone);
        var auditBefore = await fixture.Broker.State.AuditLengthAsync();
        using var refusals = new RefusalRecorder(fixture.Broker.Services);
        using var client = fixture.Broker.Client(caller);

        var error = await Assert.ThrowsAsync<RpcException>(() => client.PublishAsync(sealedBundle));

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
        Assert.Contains($"refused a token for member '{caller}'", error.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("invalid_client", error.Status.Detail, StringComparison.Ordinal);
        Assert.Empty(refusals.Reasons);
        Assert.Equal(before, await fixture.Broker.State.MailboxesAsync(Everyone));
        Assert.Equal(auditBefore, await fixture.Broker.State.AuditLengthAsync());
    }

    [Fact]
    public async Task Publish_AnyFlippedHeaderByte_IsRefusedAndDeliversNothing()
    {
        using var cert = fixture.Broker.Client(Cert);
        var directory = await cert.DirectoryAsync(Federation);
        var original = Federation.Seal(Cert, directory, Tlp.Amber, ElectionSector);
        var before = await fixture.Broker.State.MailboxesAsync(Everyone);

        var statuses = new HashSet<StatusCode>();
        for (var i = 0; i < original.Header.Length; i++)
        {
            var forged = original.Clone();
            forged.Header = FlipBit(original.Header, i, i % 8);
            var error = await Assert.ThrowsAsync<RpcException>(() => cert.PublishAsync(forged));
            statuses.Add(error.StatusCode);
        }

        // Depending on the byte: unparseable, wrong version or suite, wrong sender, stale, unknown version, bad signature.
        Assert.Subset(new HashSet<StatusCode> { StatusCode.InvalidArgument, StatusCode.PermissionDenied, StatusCode.FailedPrecondition }, statuses);
        Assert.Contains(StatusCode.PermissionDenied, statuses);
        Assert.Equal(before, await fixture.Broker.State.MailboxesAsync(Everyone));
    }

    [Fact]
    public async Task Publish_GarbageMessageBytes_IsInvalidArgumentCountedAuditedAndDeliversNothing()
    {
        // Not a SealedBundle at all: bytes that do not parse as protobuf, sent on the Publish method.
        var state = fixture.Broker.State;
        var before = await state.MailboxesAsync(Everyone);
        var auditBefore = await state.AuditLengthAsync();
        using var refusals = new RefusalRecorder(fixture.Broker.Services);
        using var certificate = fixture.Pki.IssueMember(Cert);
        using var channel = fixture.Broker.CreateChannel(certificate);
        var raw = new Marshaller<byte[]>(b => b, b => b);
        var method = new Method<byte[], byte[]>(MethodType.Unary, "isac.v1.Broker", "Publish", raw, raw);

        var error = await Assert.ThrowsAsync<RpcException>(() => channel.CreateCallInvoker().AsyncUnaryCall(method, null, default, Enumerable.Repeat((byte)0xFF, 64).ToArray()).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.StartsWith("malformed: the request is not a SealedBundle", error.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(["malformed"], refusals.Reasons);
        Assert.Equal(before, await state.MailboxesAsync(Everyone));
        var audited = Assert.Single(await state.AuditAfterAsync(auditBefore));
        Assert.Equal(("refused", "malformed", Cert), (audited.Record.Decision, audited.Record.Reason, audited.Record.SenderMemberId));
    }

    [Fact]
    public async Task Publish_LargerThanTheBrokersMessageLimit_IsResourceExhaustedAndDeliversNothing()
    {
        // Past the largest possible valid bundle gRPC itself refuses the message before the broker sees it.
        using var cert = fixture.Broker.Client(Cert);
        var directory = await cert.DirectoryAsync(Federation);
        var sealedBundle = Federation.Seal(Cert, directory, Tlp.Green, ElectionSector);
        sealedBundle.Ciphertext = ByteString.CopyFrom(new byte[Isac.Broker.Publishing.PublishValidator.MaxSealedBundleBytes]);
        var before = await fixture.Broker.State.MailboxesAsync(Everyone);

        var error = await Assert.ThrowsAsync<RpcException>(() => cert.PublishAsync(sealedBundle));

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        Assert.Equal(before, await fixture.Broker.State.MailboxesAsync(Everyone));
    }

    [Fact]
    public async Task Publish_SealedAgainstVersionSupersededLongerThanGrace_IsFailedPrecondition()
    {
        var sealedBundle = await SealThenSupersedeAsync();
        await Task.Delay(RefusalBrokerFixture.VersionGrace + TimeSpan.FromSeconds(1));

        await AssertRefusedAsync(Cert, sealedBundle, StatusCode.FailedPrecondition, "directory-version");
    }

    [Fact]
    public async Task Publish_SealedAgainstVersionSupersededWithinGrace_IsAccepted()
    {
        // The control for the test above: the same move without waiting out the grace is accepted.
        var sealedBundle = await SealThenSupersedeAsync();
        using var cert = fixture.Broker.Client(Cert);

        var receipt = Receipt.Parser.ParseFrom((await cert.PublishAsync(sealedBundle)).Receipt);

        Assert.Equal(3u, receipt.RecipientCount);
    }

    [Fact]
    public async Task Publish_ConcurrentRetriesOfOneBundle_AllGetTheSameReceiptAndEachMailboxHoldsItOnce()
    {
        // A sender that retries while its first attempt is still running (a deadline, a lost answer).
        using var cert = fixture.Broker.Client(Cert);
        var sealedBundle = Federation.Seal(Cert, await cert.DirectoryAsync(Federation), Tlp.Green, ElectionSector);

        var receipts = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => cert.PublishAsync(sealedBundle)));

        Assert.Single(receipts.Select(r => Convert.ToHexString(r.ToByteArray())).Distinct());
        var bundleId = BundleIdOf(sealedBundle).Memory;
        foreach (var member in new[] { OfficeOhio, OfficeTexas, Vendor })
        {
            Assert.Equal(1, await fixture.Broker.State.CopiesAsync(member, bundleId));
        }
    }

    [Fact]
    public async Task Publish_ReplayWithSameDigest_ReturnsTheOriginalReceiptBytes()
    {
        using var cert = fixture.Broker.Client(Cert);
        var directory = await cert.DirectoryAsync(Federation);
        var sealedBundle = Federation.Seal(Cert, directory, Tlp.Green, ElectionSector);
        var first = await cert.PublishAsync(sealedBundle);
        var mailboxes = await fixture.Broker.State.MailboxesAsync(Everyone);
        var auditLength = await fixture.Broker.State.AuditLengthAsync();

        var second = await cert.PublishAsync(sealedBundle);

        Assert.Equal(first.ToByteArray(), second.ToByteArray());
        Assert.True(Signatures.Verify(Federation.BrokerKey.PublicKey, SignatureContext.Receipt, second.Receipt.Span, second.Signature.Span));
        Assert.Equal(mailboxes, await fixture.Broker.State.MailboxesAsync(Everyone));
        Assert.Equal(auditLength, await fixture.Broker.State.AuditLengthAsync());
    }

    private async Task AssertRefusedAsync(string caller, SealedBundle sealedBundle, StatusCode status, string reason)
    {
        var state = fixture.Broker.State;
        var before = await state.MailboxesAsync(Everyone);
        var auditBefore = await state.AuditLengthAsync();
        using var refusals = new RefusalRecorder(fixture.Broker.Services);
        using var client = fixture.Broker.Client(caller);

        var error = await Assert.ThrowsAsync<RpcException>(() => client.PublishAsync(sealedBundle));

        Assert.Equal(status, error.StatusCode);
        Assert.StartsWith(reason + ": ", error.Status.Detail, StringComparison.Ordinal);
        Assert.True(error.Status.Detail.Length > reason.Length + 10, $"The message says why: '{error.Status.Detail}'");
        Assert.Equal([reason], refusals.Reasons);
        Assert.Equal(before, await state.MailboxesAsync(Everyone));
        var audited = Assert.Single(await state.AuditAfterAsync(auditBefore));
        Assert.Equal(("publish", "refused", reason, caller, 0u), (audited.Record.EventType, audited.Record.Decision, audited.Record.Reason, audited.Record.SenderMemberId, audited.Record.RecipientCount));
    }

    private async Task<(string Caller, SealedBundle Bundle)> BuildAsync(string @case)
    {
        using var cert = fixture.Broker.Client(Cert);
        var directory = await cert.DirectoryAsync(Federation);
        var version = directory.Version;
        Member M(string id) => Federation.Members[id].Member;
        SealedBundle Green() => Federation.Seal(Cert, directory, Tlp.Green, ElectionSector);
        SealedBundle Amber() => Federation.Seal(Cert, directory, Tlp.Amber, ElectionSector);
        SealedBundle Forward(string forwarder, SealedBundle original, Tlp label, Audience audience, params string[] recipients) =>
            Federation.SealTo(forwarder, version, label, audience, recipients.Select(M), "forwarded", ProofOfReceipt(original, forwarder));

        switch (@case)
        {
            case "forged-signature":
                {
                    var b = Green();
                    b.Signature = ByteString.CopyFrom(SigningKeyPair.Generate().Sign(SignatureContext.Header, b.Header.Span));
                    return (Cert, b);
                }

            case "signed-by-another-member":
                {
                    var b = Green();
                    b.Signature = ByteString.CopyFrom(Federation.Members[Vendor].Signing.Sign(SignatureContext.Header, b.Header.Span));
                    return (Cert, b);
                }

            case "header-bit-flipped":
                {
                    var b = Green();
                    var id = BundleIdOf(b).ToByteArray();
                    var at = b.Header.Span.IndexOf(id) + id.Length - 1;
                    b.Header = FlipBit(b.Header, at);
                    return (Cert, b);
                }

            case "label-rewritten":
                return (Cert, RewriteHeader(Amber(), h => h.Tlp = TlpLabel.Green));
            case "entry-bit-flipped":
                {
                    var b = Green();
                    b.Entries[0] = FlipBit(b.Entries[0], b.Entries[0].Length - 1);
                    return (Cert, b);
                }

            case "entry-dropped":
                {
                    var b = Green();
                    b.Entries.RemoveAt(0);
                    return (Cert, b);
                }

            case "ciphertext-bit-flipped":
                {
                    var b = Green();
                    b.Ciphertext = FlipBit(b.Ciphertext, b.Ciphertext.Length / 2);
                    return (Cert, b);
                }

            case "sender-mismatch":
                return (Cert, Federation.Seal(OfficeOhio, directory, Tlp.Green, ElectionSector));
            case "unknown-sender":
                {
                    var key = SigningKeyPair.Generate();
                    return (Stranger, ResignHeader(Green(), key, h =>
                    {
                        h.SenderMemberId = Stranger;
                        h.SenderKeyId = ByteString.CopyFrom(key.KeyId);
                    }));
                }

            case "unknown-recipient-entry":
                {
                    var stranger = Spec(Stranger, "nobody", Tlp.Red, [Role.Cert], ["election-sector"]) with { EncryptionPublicKey = EncryptionKeyPair.Generate().PublicKey };
                    return (Cert, Federation.SealTo(Cert, version, Tlp.Green, ElectionSector, [M(OfficeOhio), M(OfficeTexas), M(Vendor), stranger]));
                }

            case "uncleared-recipient-entry":
                return (Cert, Federation.SealTo(Cert, version, Tlp.Amber, ElectionSector, [M(OfficeOhio), M(OfficeTexas), M(Vendor)]));
            case "unknown-named-recipient":
                return (Cert, Federation.SealTo(Cert, version, Tlp.Red, Audience.OfMembers("nobody"), [M(OfficeTexas)]));
            case "uncleared-named-recipient":
                return (Cert, Federation.SealTo(Cert, version, Tlp.Red, Audience.OfMembers(OfficeOhio), [M(OfficeOhio)]));
            case "missing-recipient":
                return (Cert, Federation.SealTo(Cert, version, Tlp.Green, ElectionSector, [M(OfficeOhio), M(OfficeTexas)]));
            case "recipient-entry-for-an-old-key":
                {
                    var rotated = M(OfficeTexas) with { EncryptionPublicKey = EncryptionKeyPair.Generate().PublicKey };
                    return (Cert, Federation.SealTo(Cert, version, Tlp.Green, ElectionSector, [M(OfficeOhio), rotated, M(Vendor)]));
                }

            case "duplicate-recipient":
                return (Cert, Federation.SealTo(Cert, version, Tlp.Green, ElectionSector, [M(OfficeOhio), M(OfficeOhio), M(OfficeTexas), M(Vendor)]));
            case "role-violation":
                return (Vendor, Federation.SealTo(Vendor, version, Tlp.Amber, ElectionSector, [M(Cert), M(OfficeOhio), M(OfficeTexas)]));
            case "clear-broadcast-from-office":
                return (OfficeOhio, Federation.SealTo(OfficeOhio, version, Tlp.Clear, Audience.Everyone, []));
            case "stale-timestamp":
                return (Cert, SealAt(Federation, Cert, DateTimeOffset.UtcNow.AddMinutes(-16), version, Tlp.Green, ElectionSector, [M(OfficeOhio), M(OfficeTexas), M(Vendor)]));
            case "future-timestamp":
                return (Cert, SealAt(Federation, Cert, DateTimeOffset.UtcNow.AddMinutes(3), version, Tlp.Green, ElectionSector, [M(OfficeOhio), M(OfficeTexas), M(Vendor)]));
            case "unknown-directory-version":
                return (Cert, Federation.SealTo(Cert, version + 100, Tlp.Green, ElectionSector, [M(OfficeOhio), M(OfficeTexas), M(Vendor)]));
            case "replay-other-digest":
                {
                    var first = Green();
                    await cert.PublishAsync(first);
                    var other = SealAt(Federation, Cert, DateTimeOffset.UtcNow, version, Tlp.Green, ElectionSector, [M(OfficeOhio), M(OfficeTexas), M(Vendor)],
                        "other content", BundleIdOf(first).ToByteArray());
                    return (Cert, other);
                }

            case "oversize-header":
                {
                    var b = Green();
                    b.Header = ByteString.CopyFrom([.. b.Header.Span, .. new byte[WireLimits.MaxHeaderBytes]]);
                    return (Cert, b);
                }

            case "oversize-ciphertext":
                {
                    var b = Green();
                    b.Ciphertext = ByteString.CopyFrom(new byte[WireLimits.MaxCiphertextBytes + 1]);
                    return (Cert, b);
                }

            case "garbage-header":
                {
                    var b = Green();
                    b.Header = ByteString.CopyFrom(Enumerable.Repeat((byte)0xFF, 64).ToArray());
                    return (Cert, b);
                }

            case "empty-bundle":
                return (Cert, new SealedBundle());
            case "unknown-header-field":
                {
                    // Field 111, varint 1, appended and signed by the real sender: still refused (no unknown fields).
                    var b = Green();
                    b.Header = ByteString.CopyFrom([.. b.Header.Span, 0xF8, 0x06, 0x01]);
                    b.Signature = ByteString.CopyFrom(Federation.Members[Cert].Signing.Sign(SignatureContext.Header, b.Header.Span));
                    return (Cert, b);
                }

            case "bad-protocol-version":
                return (Cert, ResignHeader(Green(), Federation.Members[Cert].Signing, h => h.ProtocolVersion = 2));
            case "bad-suite":
                return (Cert, ResignHeader(Green(), Federation.Members[Cert].Signing, h => h.SuiteId = FlipBit(h.SuiteId, h.SuiteId.Length - 1)));
            case "forward-amber-outside-clients":
                // office-ohio declares no clients: AMBER goes no further through the hub.
                return (OfficeOhio, Forward(OfficeOhio, Amber(), Tlp.Amber, Audience.OfMembers(OfficeTexas), OfficeTexas));
            case "forward-lowers-label":
                return (OfficeOhio, Forward(OfficeOhio, Amber(), Tlp.Green, ElectionSector, Cert, OfficeTexas, Vendor));
            case "forward-red":
                {
                    var original = Federation.Seal(Cert, directory, Tlp.Red, Audience.OfMembers(OfficeTexas));
                    return (OfficeTexas, Forward(OfficeTexas, original, Tlp.Red, Audience.OfMembers(Cert), Cert));
                }

            case "forward-amber-strict":
                {
                    var original = Federation.Seal(Cert, directory, Tlp.AmberStrict, ElectionSector);
                    return (OfficeTexas, Forward(OfficeTexas, original, Tlp.AmberStrict, Audience.OfMembers(Cert), Cert));
                }

            case "forward-not-received":
                {
                    // The vendor was not cleared for the AMBER original and borrows office-ohio's entry and proof.
                    var proof = ProofOfReceipt(Amber(), OfficeOhio);
                    return (Vendor, Federation.SealTo(Vendor, version, Tlp.Amber, Audience.OfMembers(Cert), [M(Cert)], "forwarded", proof));
                }

            default:
                throw new ArgumentOutOfRangeException(nameof(@case), @case, "Unknown test case.");
        }
    }

    /// <summary>Seals against the current directory version, then makes the broker issue the next one.</summary>
    private async Task<SealedBundle> SealThenSupersedeAsync()
    {
        using var cert = fixture.Broker.Client(Cert);
        var old = await cert.DirectoryAsync(Federation);
        var sealedBundle = Federation.Seal(Cert, old, Tlp.Green, ElectionSector);

        // A new member without communities changes nobody's audience but makes the broker issue a new version.
        Federation.Add(Spec($"office-extra-{old.Version}", "extra", Tlp.Green, [Role.ElectionOffice], []));
        await Federation.WriteRosterAsync();
        await WaitForVersionAboveAsync(cert, old.Version);
        return sealedBundle;
    }

    private static async Task WaitForVersionAboveAsync(FederationClient client, ulong version)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while ((await client.Broker.GetDirectoryAsync(new GetDirectoryRequest(), cancellationToken: deadline.Token)).ToByteArray() is var bytes
               && DirectorySnapshot.Parser.ParseFrom(SignedDirectorySnapshot.Parser.ParseFrom(bytes).Snapshot).Version <= version)
        {
            await Task.Delay(50, deadline.Token);
        }
    }
}
