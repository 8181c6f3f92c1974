using Grpc.Core;
using Isac.Core.Labels;
using Isac.IntegrationTests.Hosting;
using Audience = Isac.Core.Policy.Audience;

namespace Isac.IntegrationTests.Publishing;

/// <summary>
/// After a recipient rotates its encryption key, a bundle sealed to its retired key under the previous snapshot is
/// accepted only while that snapshot is within the broker's version grace (mail in flight during a rotation is not
/// lost; the node keeps the retired key to open it), and refused once the grace is over.
/// </summary>
public sealed class RetiredKeyPublishTests(RetiredKeyPublishTests.Fixture fixture) : IClassFixture<RetiredKeyPublishTests.Fixture>
{
    private const string Cert = TestFederation.Cert;
    private const string Texas = TestFederation.OfficeTexas;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task SealedToARetiredKey_IsAcceptedWithinTheVersionGrace_AndRefusedAfterIt()
    {
        var federation = fixture.Pki.Federation;
        using var cert = fixture.Broker.Client(Cert);
        var beforeRotation = await cert.DirectoryAsync(federation);
        var retired = federation.Members[Texas];

        // Texas rotates: a new card (new keys) signed by the root, published by the broker as a new version.
        federation.Add(retired.Member);
        await federation.WriteRosterAsync();
        var deadline = DateTime.UtcNow + Patience;
        while ((await cert.DirectoryAsync(federation)).Version == beforeRotation.Version)
        {
            Assert.True(DateTime.UtcNow < deadline, "the broker never published the rotated card");
            await Task.Delay(200);
        }

        var inFlight = await cert.PublishAsync(federation.SealTo(Cert, beforeRotation.Version, Tlp.Green, Audience.OfMembers(Texas), [retired.Member], "sealed just before the rotation"));
        Assert.NotNull(inFlight);

        RpcException? refused = null;
        while (refused is null)
        {
            Assert.True(DateTime.UtcNow < deadline, "the broker kept accepting bundles sealed to the retired key");
            await Task.Delay(500);
            try
            {
                await cert.PublishAsync(federation.SealTo(Cert, beforeRotation.Version, Tlp.Green, Audience.OfMembers(Texas), [retired.Member], "sealed to the retired key"));
            }
            catch (RpcException e)
            {
                refused = e;
            }
        }

        Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
        Assert.StartsWith("directory-version: ", refused.Status.Detail, StringComparison.Ordinal);

        // Sealed to the retired key under the current snapshot's version: refused as a stale key.
        var current = await cert.DirectoryAsync(federation);
        var stale = await Assert.ThrowsAsync<RpcException>(() => cert.PublishAsync(federation.SealTo(Cert, current.Version, Tlp.Green, Audience.OfMembers(Texas), [retired.Member], "stale key, current version")));
        Assert.Equal(StatusCode.PermissionDenied, stale.StatusCode);
        Assert.StartsWith("stale-recipient-key: ", stale.Status.Detail, StringComparison.Ordinal);
    }

    /// <summary>A broker whose version grace is ten seconds (ten minutes by default), so the test sees it end.</summary>
    public sealed class Fixture : PkiBrokerFixture
    {
        protected override Dictionary<string, string?> Settings() => new() { ["Isac:Directory:VersionGrace"] = "00:00:10" };
    }
}
