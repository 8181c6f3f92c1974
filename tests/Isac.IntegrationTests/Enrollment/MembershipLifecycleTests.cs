using System.Diagnostics;
using System.Text.RegularExpressions;
using Grpc.Core;
using Isac.Cli.Demo;
using Isac.V1;
using Xunit.Abstractions;

namespace Isac.IntegrationTests.Enrollment;

/// <summary>
/// Enrollment, key rotation and revocation with the real <c>isac</c> verbs against a running federation (real broker
/// over mTLS on embedded Garnet, real nodes): the broker re-reads the roster and every change reaches the nodes
/// without a restart of the broker.
/// </summary>
public sealed partial class MembershipLifecycleTests(LifecycleFederationFixture federation, ITestOutputHelper output) : IClassFixture<LifecycleFederationFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(45);

    [Fact]
    public async Task NewElectionOffice_EnrolledDuringARunningFederation_ReceivesTheNextGreenBulletin()
    {
        const string erie = "office-erie";
        var request = await federation.CliAsync("enroll", "request", "--member", erie, "--org", "erie-county", "--role", "election-office",
            "--clearance", "GREEN", "--community", "election-sector", "--community", "state:pennsylvania", "--contact", "it@erie.example");
        Assert.True(request.ExitCode == 0, request.ToString());
        var fingerprint = FingerprintLine().Match(request.Output).Groups[1].Value;
        Assert.Matches("^([A-Z2-7]{4}-){7}[A-Z2-7]{4}$", fingerprint);

        var clock = Stopwatch.StartNew();
        var approve = await federation.CliAsync("members", "approve", federation.Home.EnrollmentRequestPath(erie), "--fingerprint", fingerprint.ToLowerInvariant(), "--approver", "alice");
        Assert.True(approve.ExitCode == 0, approve.ToString());
        Assert.Contains($"approved\t{erie}\tTLP:GREEN\tfingerprint={fingerprint}\tapprovers=alice", await File.ReadAllTextAsync(federation.Home.ApprovalsLogPath), StringComparison.Ordinal);

        // The running broker picks the new card up from the roster and issues a new snapshot version.
        Assert.True(await LifecycleFederationFixture.EventuallyAsync(async () => (await federation.BrokerDirectoryAsync()).FindActive(erie) is not null, Patience), "the broker never listed the new member");
        var inSnapshot = clock.Elapsed;
        var directory = await federation.BrokerDirectoryAsync();
        await federation.StartNodeAsync(erie);

        var bulletin = await federation.PublishGreenUntilAsync(LifecycleFederationFixture.GreenSectorAudience(directory), "# Bulletin\nEarly voting opens Monday.", Patience);
        Assert.Equal(LifecycleFederationFixture.GreenSectorAudience(directory), (int)bulletin.RecipientCount);
        var sealedToIt = clock.Elapsed;
        Assert.True(
            await LifecycleFederationFixture.EventuallyAsync(async () => (await federation.InboxAsync(erie)).Any(i => i.BundleId == bulletin.BundleId), Patience),
            "the new member's node never received the bulletin");
        Assert.Empty(await federation.QuarantineAsync(erie));
        output.WriteLine($"approve -> in the broker's snapshot {inSnapshot.TotalSeconds:0.0} s; -> first bulletin sealed to it {sealedToIt.TotalSeconds:0.0} s; -> in its inbox {clock.Elapsed.TotalSeconds:0.0} s (2 shared cores)");
    }

    [Fact]
    public async Task KeyRotation_BundlesSealedBeforeAndAfter_AreBothReadableByTheRotatedNode()
    {
        const string texas = DemoScenario.OfficeTexas;
        var oldKey = (await federation.BrokerDirectoryAsync()).FindActive(texas)!.EncryptionKeyId;

        // Mail sealed to the old key waits in the mailbox while the node is down.
        await federation.StopNodeAsync(texas);
        var before = await federation.PublishGreenAsync(DemoScenario.Cert, "# Before\nsealed to the old key", community: null, member: texas);
        Assert.Equal(1u, before.RecipientCount);

        var rotate = await federation.CliAsync("keys", "rotate", "--member", texas);
        Assert.True(rotate.ExitCode == 0, rotate.ToString());
        byte[]? newKey = null;
        Assert.True(
            await LifecycleFederationFixture.EventuallyAsync(async () => (newKey = (await federation.BrokerDirectoryAsync()).FindActive(texas)?.EncryptionKeyId) is { } k && !k.AsSpan().SequenceEqual(oldKey), Patience),
            "the broker never published the rotated card");
        Assert.True(File.Exists(Path.Combine(federation.Home.RetiredEncryptionKeysDirectory(texas), Convert.ToHexStringLower(oldKey) + ".key.pem")));

        // The publisher re-fetches its snapshot after its refresh interval (5 s) and then seals to the new key.
        await Task.Delay(TimeSpan.FromSeconds(6));
        var after = await federation.PublishGreenAsync(DemoScenario.Cert, "# After\nsealed to the new key", community: null, member: texas);
        Assert.Equal(1u, after.RecipientCount);

        await federation.StartNodeAsync(texas);
        Assert.True(
            await LifecycleFederationFixture.EventuallyAsync(async () => (await federation.InboxAsync(texas)).Count(i => i.BundleId == before.BundleId || i.BundleId == after.BundleId) == 2, Patience),
            "the rotated node did not open both bundles");
        Assert.Empty(await federation.QuarantineAsync(texas));

        // Once the old mail is drained the old key can go: without it the node still opens what is sealed after rotation.
        await federation.StopNodeAsync(texas);
        Directory.Delete(federation.Home.RetiredEncryptionKeysDirectory(texas), recursive: true);
        var later = await federation.PublishGreenAsync(DemoScenario.Cert, "# Later\nonly the new key", community: null, member: texas);
        await federation.StartNodeAsync(texas);
        Assert.True(
            await LifecycleFederationFixture.EventuallyAsync(async () => (await federation.InboxAsync(texas)).Any(i => i.BundleId == later.BundleId), Patience),
            "a bundle sealed after the rotation did not open with the new key alone");
        Assert.Empty(await federation.QuarantineAsync(texas));
        Assert.NotNull(newKey);
    }

    [Fact]
    public async Task Revocation_RefusesTheMembersPublish_ClosesItsStream_AndLaterBundlesLeaveItOut()
    {
        const string vendor = DemoScenario.Vendor;
        using var channel = federation.BrokerChannel(vendor);
        // Obtain the vendor's token first: the stream below must not race the revocation to the identity service
        // (which would refuse the token request itself, Unauthenticated, instead of the broker closing the stream).
        await new V1.Broker.BrokerClient(channel).GetDirectoryAsync(new GetDirectoryRequest());
        using var stream = new V1.Broker.BrokerClient(channel).Subscribe(new SubscribeRequest { Cursor = 0 });
        var streamEnd = Task.Run(async () =>
        {
            while (await stream.ResponseStream.MoveNext(CancellationToken.None))
            {
            }
        });
        var ohioBaseline = (await federation.InboxAsync(DemoScenario.OfficeOhio)).Count;

        var clock = Stopwatch.StartNew();
        var revoke = await federation.CliAsync("members", "revoke", "--member", vendor, "--reason", "compromised laptop");
        Assert.True(revoke.ExitCode == 0, revoke.ToString());

        // Its open subscription is closed by the broker, with the reason.
        var closed = await Assert.ThrowsAsync<RpcException>(() => streamEnd.WaitAsync(Patience));
        var streamClosedAfter = clock.Elapsed;
        Assert.Equal(StatusCode.PermissionDenied, closed.StatusCode);
        Assert.Contains("revoked", closed.Status.Detail, StringComparison.Ordinal);

        // Its publish is refused (the broker, not the sender's node, decides).
        RpcException? refused = null;
        Assert.True(await LifecycleFederationFixture.EventuallyAsync(
            async () =>
            {
                try
                {
                    await federation.PublishGreenAsync(vendor, "# From a revoked member");
                    return false;
                }
                catch (RpcException e)
                {
                    refused = e;
                    return true;
                }
            },
            Patience));
        Assert.Equal(StatusCode.PermissionDenied, refused!.StatusCode);
        Assert.Contains("revoked", refused.Status.Detail, StringComparison.Ordinal);

        // The next bundle from others is sealed without it, and nothing more reaches it.
        var directory = await federation.BrokerDirectoryAsync();
        Assert.Null(directory.FindActive(vendor));
        var bulletin = await federation.PublishGreenUntilAsync(LifecycleFederationFixture.GreenSectorAudience(directory), "# After the revocation\nnot for the vendor", Patience);
        Assert.Equal(LifecycleFederationFixture.GreenSectorAudience(directory), (int)bulletin.RecipientCount);
        var sealedWithout = clock.Elapsed;
        Assert.True(
            await LifecycleFederationFixture.EventuallyAsync(async () => (await federation.InboxAsync(DemoScenario.OfficeOhio)).Any(i => i.BundleId == bulletin.BundleId), Patience),
            "office-ohio never received the bulletin");
        Assert.True((await federation.InboxAsync(DemoScenario.OfficeOhio)).Count > ohioBaseline);
        Assert.DoesNotContain(await federation.InboxAsync(vendor), i => i.BundleId == bulletin.BundleId);
        output.WriteLine($"revoke -> stream closed {streamClosedAfter.TotalSeconds:0.0} s; -> first bundle sealed without it {sealedWithout.TotalSeconds:0.0} s (2 shared cores)");
    }

    [GeneratedRegex(@"Fingerprint: (\S+)")]
    private static partial Regex FingerprintLine();
}
