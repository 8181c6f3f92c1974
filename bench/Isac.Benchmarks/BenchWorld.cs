using System.Collections.Concurrent;
using Google.Protobuf;
using Isac.Core.Envelope;
using Isac.Core.Labels;
using Isac.Core.Membership;
using Isac.LoadGen;
using Isac.V1;

namespace Isac.Benchmarks;

/// <summary>
/// A federation with one national CERT and N recipients in community <c>bench</c>, with a verified directory,
/// made once per N and shared by the benchmarks (the load generator's federation: real keys, root-signed cards).
/// </summary>
internal sealed class BenchWorld
{
    public const string Sender = "cert-national";
    public const string Community = "bench";
    private static readonly ConcurrentDictionary<int, Lazy<BenchWorld>> Worlds = new();

    private BenchWorld(LoadFederation federation, IReadOnlyList<string> recipientIds)
    {
        Federation = federation;
        Directory = federation.SignedDirectory();
        RecipientIds = recipientIds;
        Recipients = [.. recipientIds.Select(id => Directory.FindActive(id)!)];
    }

    public LoadFederation Federation { get; }

    public VerifiedDirectory Directory { get; }

    public IReadOnlyList<string> RecipientIds { get; }

    public IReadOnlyList<Member> Recipients { get; }

    public MemberKeys SenderKeys => Federation.Members[Sender];

    public static BenchWorld For(int recipients) =>
        Worlds.GetOrAdd(recipients, n => new Lazy<BenchWorld>(() => Create(n))).Value;

    /// <summary>A request to seal a fresh bundle (a fresh id each time) under <paramref name="label"/> to every recipient.</summary>
    public SealRequest Request(Tlp label, int payloadBytes = 512)
    {
        var audience = new Isac.V1.Audience();
        audience.Communities.Add(Community);
        var bundle = new Bundle { Kind = BundleKind.Advisory, ContentType = "text/markdown", Payload = ByteString.CopyFrom(new byte[payloadBytes]) };
        return new SealRequest(bundle, label, audience, Recipients, Directory.Version);
    }

    public Sealer Sealer() => new(Sender, SenderKeys.Signing);

    private static BenchWorld Create(int recipients)
    {
        var ids = Enumerable.Range(0, recipients).Select(i => $"office-{i:00000}").ToArray();
        // Every member is cleared for RED so that one world serves every label (the crypto does not depend on the audience kind).
        var specs = new List<Member> { LoadFederation.Spec(Sender, Tlp.Red, Role.Cert, "national") };
        specs.AddRange(ids.Select(id => LoadFederation.Spec(id, Tlp.Red, Role.ElectionOffice, Community)));
        var federation = LoadFederation.CreateAsync(specs).GetAwaiter().GetResult();
        var world = new BenchWorld(federation, ids);
        // The keys and cards stay in memory; the files (roster, key files, certificates) are not needed.
        federation.Dispose();
        return world;
    }
}
