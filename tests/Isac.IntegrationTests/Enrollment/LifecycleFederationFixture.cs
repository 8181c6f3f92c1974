using System.Diagnostics;
using System.Security.Cryptography.X509Certificates;
using Google.Protobuf;
using Grpc.Net.Client;
using Isac.Cli;
using Isac.Cli.Demo;
using Isac.Cli.Home;
using Isac.Core.Labels;
using Isac.Core.Membership;
using Isac.Core.Pki;
using Isac.Core.Tokens;
using Isac.IntegrationTests.Cli;
using Isac.IntegrationTests.Hosting;
using Isac.IntegrationTests.Infrastructure;
using Isac.V1;

namespace Isac.IntegrationTests.Enrollment;

/// <summary>
/// The demo's federation (broker on embedded Garnet, four nodes, with the CLI's default node settings) started once,
/// without its scenario, plus the helpers the membership-lifecycle tests drive it with: the real <c>isac</c> verbs on
/// its home folder, the broker's current verified directory, publishing and reading inboxes through the nodes.
/// </summary>
public sealed class LifecycleFederationFixture : IAsyncLifetime, IDisposable
{
    private const string Passphrase = "lifecycle-test passphrase";
    private readonly TempDirectory _work = new();
    private readonly Dictionary<string, (X509Certificate2 Certificate, MemberTokenClient Tokens)> _members = new(StringComparer.Ordinal);
    private DemoRunner? _runner;

    internal DemoHosts Hosts { get; } = new();

    internal IsacHome Home => (_runner ?? throw new InvalidOperationException("not started")).Home;

    private string PassphraseFile => Path.Combine(_work.Path, "passphrase");

    public async Task InitializeAsync()
    {
        await File.WriteAllTextAsync(PassphraseFile, Passphrase + "\n");
        _runner = new DemoRunner(CliConsole.ForWriters(TextWriter.Null, TextWriter.Null), _work.Path);
        await _runner.SetUpAsync(Hosts, Passphrase, CancellationToken.None);
    }

    /// <summary>Runs an <c>isac</c> verb on the federation's home folder and certificates.</summary>
    internal Task<CliRun> CliAsync(params string[] args) =>
        CliRun.RunAsync([.. args, "--home", Home.Root, "--certs", Home.Certificates, "--passphrase-file", PassphraseFile]);

    public Task StartNodeAsync(string memberId) => Hosts.StartNodesAsync(Home, Passphrase, [memberId], CancellationToken.None);

    public Task StopNodeAsync(string memberId) => Hosts.StopNodeAsync(memberId, CancellationToken.None);

    /// <summary>
    /// A broker channel with <paramref name="memberId"/>'s client certificate and access token (from the demo's identity
    /// service), as its node makes it. The member's token client is kept, so later channels reuse its token.
    /// </summary>
    public GrpcChannel BrokerChannel(string memberId)
    {
        var trust = HubTrust.FromFile(Home.HubCaCertificatePath);
        (X509Certificate2 Certificate, MemberTokenClient Tokens) member;
        lock (_members)
        {
            if (!_members.TryGetValue(memberId, out member))
            {
                var certificate = X509Certificate2.CreateFromEncryptedPemFile(Home.ClientCertificatePath(memberId), Passphrase, Home.ClientKeyPath(memberId));
                member = (certificate, MemberTokenClient.Create(Hosts.IdentityIssuer, memberId, IsacScopes.Member, trust, certificate));
                _members[memberId] = member;
            }
        }

        return BrokerChannels.Create(Hosts.BrokerAddress, trust, member.Certificate, tokens: member.Tokens.ToCallCredentials());
    }

    /// <summary>The broker's current snapshot, verified against the pinned governance root.</summary>
    public async Task<VerifiedDirectory> BrokerDirectoryAsync()
    {
        using var channel = BrokerChannel(DemoScenario.Cert);
        var snapshot = await new V1.Broker.BrokerClient(channel).GetDirectoryAsync(new GetDirectoryRequest());
        var verification = new DirectoryVerifier(GovernanceFiles.ReadRootPublicKey(Home), TimeProvider.System).Verify(snapshot, (DirectoryVersionMark?)null);
        Assert.True(verification.Succeeded, verification.Message);
        return verification.Directory;
    }

    /// <summary>The members a GREEN bulletin to <c>election-sector</c> from cert-national reaches in <paramref name="directory"/>.</summary>
    public static int GreenSectorAudience(VerifiedDirectory directory) =>
        directory.ActiveMembers.Count(m => m.MemberId != DemoScenario.Cert && m.Communities.Contains("election-sector") && m.IsClearedFor(Tlp.Green));

    /// <summary>Publishes a GREEN markdown bulletin from <paramref name="sender"/>'s node.</summary>
    public async Task<NodePublishResponse> PublishGreenAsync(string sender, string text, string? community = "election-sector", string? member = null)
    {
        var request = new NodePublishRequest
        {
            Kind = BundleKind.Bulletin,
            ContentType = "text/markdown",
            Payload = ByteString.CopyFromUtf8(text),
            Tlp = TlpLabel.Green,
        };
        if (community is not null)
        {
            request.Communities.Add(community);
        }

        if (member is not null)
        {
            request.Members.Add(member);
        }

        return await Hosts.Node(sender).PublishAsync(request);
    }

    /// <summary>Publishes GREEN bulletins from cert-national until one reaches <paramref name="expectedRecipients"/> (its node's directory caught up).</summary>
    public async Task<NodePublishResponse> PublishGreenUntilAsync(int expectedRecipients, string text, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var response = await PublishGreenAsync(DemoScenario.Cert, text);
            if (response.RecipientCount == expectedRecipients || clock.Elapsed > timeout)
            {
                return response;
            }

            await Task.Delay(500);
        }
    }

    public async Task<IReadOnlyList<InboxItem>> InboxAsync(string memberId) =>
        (await Hosts.Node(memberId).ListInboxAsync(new ListInboxRequest { Limit = 1000 })).Items;

    public async Task<IReadOnlyList<QuarantinedItem>> QuarantineAsync(string memberId) =>
        (await Hosts.Node(memberId).ListQuarantineAsync(new ListQuarantineRequest { Limit = 1000 })).Items;

    /// <summary>Polls <paramref name="condition"/> until it holds or <paramref name="timeout"/> passes; returns whether it held.</summary>
    public static async Task<bool> EventuallyAsync(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > timeout)
            {
                return false;
            }

            await Task.Delay(250);
        }

        return true;
    }

    public async Task DisposeAsync()
    {
        await Hosts.DisposeAsync();
        foreach (var (certificate, tokens) in _members.Values)
        {
            tokens.Dispose();
            certificate.Dispose();
        }
    }

    public void Dispose() => _work.Dispose();
}
