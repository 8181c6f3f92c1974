using Grpc.Core;
using Isac.Core.Labels;
using Isac.Core.Membership;
using Isac.Node.Hosting;
using Isac.Node.Tests.Support;
using static Isac.Node.Tests.Support.NodeWorld;

namespace Isac.Node.Tests.Membership;

public sealed class NodeDirectoryTests : IDisposable
{
    private readonly NodeWorld _world = new();

    public void Dispose() => _world.Dispose();

    [Fact]
    public async Task Accept_LowerVersion_IsRefusedAndTheStoredMarkStays()
    {
        await using var node = await _world.NodeAsync(Ohio);
        await node.UseDirectoryAsync(_world.Snapshot(2));

        var verification = await node.Directory.AcceptAsync(_world.Snapshot(1), CancellationToken.None);

        Assert.Equal(DirectoryError.Rollback, verification.Error);
        Assert.Equal(2ul, node.Directory.Current!.Version);
        Assert.Equal(2ul, (await node.Store.GetDirectoryAsync())!.Mark.Version);
    }

    [Fact]
    public async Task Accept_LowerVersionAfterARestart_IsStillRefused()
    {
        var data = Directory.CreateTempSubdirectory("isac-node-directory-").FullName;
        try
        {
            await using (var before = await _world.NodeAsync(Ohio, data))
            {
                await before.UseDirectoryAsync(_world.Snapshot(5));
            }

            await using var after = await _world.NodeAsync(Ohio, data);
            await after.Directory.LoadStoredAsync(CancellationToken.None);
            Assert.Equal(5ul, after.Directory.Current!.Version);

            var verification = await after.Directory.AcceptAsync(_world.Snapshot(4), CancellationToken.None);
            Assert.Equal(DirectoryError.Rollback, verification.Error);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task Accept_SameVersionWithOtherContent_IsRefused()
    {
        await using var node = await _world.NodeAsync(Ohio);
        await node.UseDirectoryAsync(_world.Snapshot(3));

        var verification = await node.Directory.AcceptAsync(_world.Snapshot(3, only: [Ohio, Cert]), CancellationToken.None);

        Assert.Equal(DirectoryError.VersionConflict, verification.Error);
        Assert.Equal(4, node.Directory.Current!.ActiveMembers.Count);
    }

    [Fact]
    public async Task Refresh_BrokerServesARollback_KeepsTheCurrentSnapshot()
    {
        await using var node = await _world.NodeAsync(Ohio);
        await node.UseDirectoryAsync(_world.Snapshot(7));
        node.Broker.Directory = _world.Snapshot(6);

        var current = await node.Directory.RefreshAsync(force: true, CancellationToken.None);

        Assert.Equal(7ul, current!.Version);
    }

    [Fact]
    public async Task Accept_SnapshotNotSignedUnderThePinnedRoot_IsRefused()
    {
        using var other = new NodeWorld();
        await using var node = await _world.NodeAsync(Ohio);

        var verification = await node.Directory.AcceptAsync(other.Snapshot(9), CancellationToken.None);

        Assert.Equal(DirectoryError.CertificateNotSignedByRoot, verification.Error);
        Assert.Null(node.Directory.Current);
        Assert.Null(await node.Store.GetDirectoryAsync());
    }

    [Fact]
    public async Task ForSealing_ExpiredSnapshot_AllowsNothingAboveClear()
    {
        await using var node = await _world.NodeAsync(Cert);
        await node.UseDirectoryAsync(_world.Snapshot(1, lifetime: TimeSpan.FromHours(1)));
        _world.Time.Advance(TimeSpan.FromHours(2));

        var error = await Assert.ThrowsAsync<NodeRefusalException>(() => node.Directory.ForSealingAsync(Tlp.Green, CancellationToken.None));
        Assert.Equal(StatusCode.FailedPrecondition, error.Status);
        Assert.Contains("expired", error.Message, StringComparison.Ordinal);

        Assert.Equal(1ul, (await node.Directory.ForSealingAsync(Tlp.Clear, CancellationToken.None)).Version);
    }

    [Fact]
    public async Task ForSealing_NoSnapshotAndNoBroker_IsUnavailable()
    {
        await using var node = await _world.NodeAsync(Cert);

        var error = await Assert.ThrowsAsync<NodeRefusalException>(() => node.Directory.ForSealingAsync(Tlp.Clear, CancellationToken.None));

        Assert.Equal(StatusCode.Unavailable, error.Status);
    }
}
