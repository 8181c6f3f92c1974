using BenchmarkDotNet.Attributes;
using Isac.Core.Labels;
using Isac.Core.Membership;
using Isac.Core.Policy;
using Isac.LoadGen;

namespace Isac.Benchmarks;

/// <summary>
/// The recipient resolution as the broker runs it on every publish (the cards of the sealed-against version, still
/// active in the current one, then the policy), in a large directory with small audiences: one community of 10
/// members (GREEN) and one named member (AMBER). The audience is small; the directory is not.
/// </summary>
[MemoryDiagnoser]
public class RecipientResolutionBenchmarks
{
    private const string Sender = "cert-national";
    private VerifiedDirectory _directory = null!;
    private Member _sender = null!;
    private SharingPolicy _policy = null!;
    private Isac.Core.Policy.Audience _community = null!;
    private Isac.Core.Policy.Audience _named = null!;

    /// <summary>Members in the directory, in communities of 10.</summary>
    [Params(1000, 10000)]
    public int Members { get; set; }

    /// <summary>Builds a federation of <see cref="Members"/> offices (root-signed cards, verified directory).</summary>
    [GlobalSetup]
    public void Setup()
    {
        var specs = new List<Member> { LoadFederation.Spec(Sender, Tlp.Red, Role.Cert, "national") };
        specs.AddRange(Enumerable.Range(0, Members).Select(i => LoadFederation.Spec($"office-{i:00000}", Tlp.Red, Role.ElectionOffice, $"district-{i / 10:0000}")));
        using var federation = LoadFederation.CreateAsync(specs).GetAwaiter().GetResult();
        _directory = federation.SignedDirectory();
        _sender = _directory.FindActive(Sender)!;
        _policy = new SharingPolicy();
        _community = Isac.Core.Policy.Audience.OfCommunities($"district-{Members / 20:0000}");
        _named = Isac.Core.Policy.Audience.OfMembers($"office-{Members / 2:00000}");
    }

    /// <summary>GREEN to one community of 10 members, resolved as the broker does.</summary>
    [Benchmark]
    public RecipientResolution Community() => Resolve(Tlp.Green, _community);

    /// <summary>AMBER to one named member, resolved as the broker does.</summary>
    [Benchmark]
    public RecipientResolution NamedMember() => Resolve(Tlp.Amber, _named);

    private RecipientResolution Resolve(Tlp label, Isac.Core.Policy.Audience audience)
    {
        return _policy.ResolveRecipients(_sender, label, audience, _directory.ActiveView.AlsoActiveIn(_directory));
    }
}
