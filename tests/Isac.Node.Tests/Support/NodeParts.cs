using Isac.Core.Policy;
using Isac.Node.Configuration;
using Isac.Node.Hosting;
using Isac.Node.LocalStore;
using Isac.Node.Membership;
using Isac.Node.Publishing;
using Isac.Node.Receiving;
using Isac.Node.Security;
using Microsoft.Extensions.Logging.Abstractions;

namespace Isac.Node.Tests.Support;

/// <summary>One member's node, wired as the host wires it, with a <see cref="FakeBroker"/> for failure injection.</summary>
internal sealed class NodeParts : IAsyncDisposable
{
    private readonly bool _ownsDirectory;

    private NodeParts(string dataDirectory, bool ownsDirectory)
    {
        DataDirectory = dataDirectory;
        _ownsDirectory = ownsDirectory;
    }

    public string DataDirectory { get; }

    public NodeRuntime Runtime { get; } = new();

    public FakeBroker Broker { get; } = new();

    public NodeStore Store => Runtime.Store;

    public NodeDirectory Directory { get; private set; } = null!;

    public OutboxProcessor Outbox { get; private set; } = null!;

    public NodePublisher Publisher { get; private set; } = null!;

    public DeliveryProcessor Deliveries { get; private set; } = null!;

    public RetiredKeyJanitor Janitor { get; private set; } = null!;

    public NodeOptions Options { get; } = new();

    /// <param name="world">The federation.</param>
    /// <param name="memberId">The member whose node this is.</param>
    /// <param name="dataDirectory">The data directory; null: a fresh temp folder.</param>
    /// <param name="encryptionKey">The node's current encryption key; null: the one on the member's card.</param>
    /// <param name="retired">Retired encryption keys the node holds (after <c>isac keys rotate</c>).</param>
    public static async Task<NodeParts> CreateAsync(
        NodeWorld world, string memberId, string? dataDirectory, Core.Crypto.EncryptionKeyPair? encryptionKey = null, IReadOnlyList<RetiredEncryptionKey>? retired = null)
    {
        var parts = new NodeParts(dataDirectory ?? System.IO.Directory.CreateTempSubdirectory("isac-node-unit-").FullName, dataDirectory is null);
        var keys = world.Members[memberId];
        parts.Options.MemberId = memberId;
        parts.Options.GovernanceRootPublicKey = Convert.ToHexStringLower(world.Root.PublicKey);
        var options = Microsoft.Extensions.Options.Options.Create(parts.Options);
        var credentials = new NodeCredentials(memberId, keys.Signing, encryptionKey ?? keys.Encryption, retired ?? [], world.Ca.IssueMemberCertificate(memberId), world.Ca.CreateTrust());
        parts.Runtime.Attach(await NodeStore.OpenAsync(parts.DataDirectory, world.Time), credentials, world.Time);
        var policy = new SharingPolicy();
        parts.Directory = new NodeDirectory(parts.Runtime, parts.Broker, options, world.Time, NullLogger<NodeDirectory>.Instance);
        var sealing = new BundleSealing(parts.Runtime, policy);
        parts.Outbox = new OutboxProcessor(parts.Runtime, parts.Directory, sealing, parts.Broker, options, world.Time, NullLogger<OutboxProcessor>.Instance);
        parts.Publisher = new NodePublisher(parts.Runtime, parts.Directory, sealing, policy, parts.Outbox, options);
        parts.Deliveries = new DeliveryProcessor(parts.Runtime, parts.Directory, new InboxSignal(), world.Time, NullLogger<DeliveryProcessor>.Instance);
        parts.Janitor = new RetiredKeyJanitor(parts.Runtime, parts.Directory, parts.Broker, options, world.Time, NullLogger<RetiredKeyJanitor>.Instance);
        return parts;
    }

    /// <summary>Makes <paramref name="snapshot"/> the broker's and the node's current directory.</summary>
    public async Task UseDirectoryAsync(V1.SignedDirectorySnapshot snapshot)
    {
        Broker.Directory = snapshot;
        var verification = await Directory.AcceptAsync(snapshot, CancellationToken.None);
        Assert.True(verification.Succeeded, verification.Message);
    }

    public async ValueTask DisposeAsync()
    {
        Outbox.Dispose();
        Directory.Dispose();
        await Runtime.DisposeAsync();
        if (_ownsDirectory)
        {
            System.IO.Directory.Delete(DataDirectory, recursive: true);
        }
    }
}
