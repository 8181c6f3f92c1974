using System.Diagnostics;
using Google.Protobuf;
using Grpc.Core;
using Isac.Cli.Commands;
using Isac.Cli.Home;
using Isac.Cli.Hosting;
using Isac.Core.Envelope;
using Isac.Core.Labels;
using Isac.Core.Policy;
using Isac.Core.Tokens;
using Isac.V1;
using Spectre.Console;
using static Isac.Cli.Demo.DemoScenario;

namespace Isac.Cli.Demo;

/// <summary>
/// <c>isac demo</c>: governance, a dev PKI, the identity service, a broker on the embedded Garnet store and four nodes, all in this
/// process and a work directory; then the scenario through the nodes' local API, the table of who received what,
/// and the check against the expected matrix.
/// </summary>
internal sealed class DemoRunner(CliConsole console, string workDirectory)
{
    private const int TotalSteps = 7;
    private static readonly TimeSpan DeliveryTimeout = TimeSpan.FromSeconds(45);

    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Dictionary<DemoStep, ByteString> _bundleIds = [];

    public IsacHome Home { get; } = new(Path.Combine(workDirectory, "home"), Path.Combine(workDirectory, "certs"));

    /// <summary>Runs the scenario on started <paramref name="hosts"/> after <see cref="SetUpAsync"/>.</summary>
    public async Task<DemoReport> RunAsync(DemoHosts hosts, DemoSetup setup, string passphrase, CancellationToken cancellationToken)
    {
        Progress(6, "Scenario (every bundle is marked as exercise " + ExerciseId + ")");
        var cert = hosts.Node(Cert);
        await PublishAsync(cert, AmberIndicators, IndicatorBundle(DateTimeOffset.UtcNow), PublishCommand.StixContentType, cancellationToken).ConfigureAwait(false);
        await PublishAsync(cert, GreenBulletin, Markdown("# Bulletin\nPatch the e-poll book sync service before early voting opens (vendor advisory 2026-11)."), PublishCommand.MarkdownContentType, cancellationToken).ConfigureAwait(false);
        await PublishAsync(cert, RedNote, Markdown("# For Texas only\nA named insider is under investigation; do not share."), PublishCommand.MarkdownContentType, cancellationToken).ConfigureAwait(false);

        await WaitForAsync(hosts, OfficeTexas, _bundleIds[RedNote], cancellationToken).ConfigureAwait(false);
        var (forwardRefused, forwardOutcome) = await ForwardRedAsync(hosts, cancellationToken).ConfigureAwait(false);
        var replay = await ReplayAsync(hosts, setup, passphrase, cancellationToken).ConfigureAwait(false);
        await PublishAsync(cert, ClearNotice, Markdown("# Exercise over\nThank you for taking part."), PublishCommand.MarkdownContentType, cancellationToken).ConfigureAwait(false);

        Progress(7, "Waiting for every node to receive, verify and store its deliveries");
        foreach (var member in ClearNotice.Expected)
        {
            // Each mailbox is delivered in order: once the last bundle is in, every earlier one is too.
            await WaitForAsync(hosts, member, _bundleIds[ClearNotice], cancellationToken).ConfigureAwait(false);
        }

        var cells = await CollectAsync(hosts, cancellationToken).ConfigureAwait(false);
        return new DemoReport(cells, forwardRefused, forwardOutcome, replay.OriginalReceipt, replay.ReplayOutcome, replay.RewriteRefused, replay.RewriteOutcome);
    }

    /// <summary>Steps 1 to 5: the home folder, the identity service, the broker and the nodes.</summary>
    public async Task<DemoSetup> SetUpAsync(DemoHosts hosts, string passphrase, CancellationToken cancellationToken)
    {
        Progress(1, $"Work directory {workDirectory}");
        Progress(2, "Governance root, directory key, receipt key, dev PKI, member keys and root-signed cards for " + string.Join(", ", Members.Select(m => m.Id)));
        var setup = await DemoFederation.StartAsync(Home, passphrase, cancellationToken).ConfigureAwait(false);
        await setup.BrokerFiles.ConfigureAwait(false);
        Progress(3, "Identity service (OpenIddict): short-lived access tokens bound to each member's client certificate");
        await hosts.StartIdentityAsync(Home, passphrase, [Cert], cancellationToken).ConfigureAwait(false);
        console.Line($"      identity {hosts.IdentityIssuer} (node tokens carry {IsacScopes.Publish} {IsacScopes.Subscribe}; {Cert} may also ask for {IsacScopes.Admin})");
        Progress(4, "Broker on the embedded Garnet store (every call needs mTLS and a token)");
        await hosts.StartBrokerAsync(Home, passphrase, cancellationToken).ConfigureAwait(false);
        console.Line($"      broker {hosts.BrokerAddress}");
        await setup.NodeFiles.ConfigureAwait(false);
        Progress(5, "Four nodes (each loads its keys, gets an access token, verifies the directory and subscribes)");
        await hosts.StartNodesAsync(Home, passphrase, Members.Select(m => m.Id), cancellationToken).ConfigureAwait(false);
        foreach (var member in Members)
        {
            console.Line($"      {member.Id,-14} {TlpLabels.ToLabelString(member.Clearance),-10} {string.Join(", ", member.Communities),-32} {hosts.NodeAddresses[member.Id]}");
        }

        return setup;
    }

    public void WriteTable(DemoReport report)
    {
        var table = new Table().Title("Who received what").AddColumns("bundle", "label", "from", "to");
        foreach (var member in Members)
        {
            table.AddColumn(new TableColumn(Markup.Escape(member.Id)).Centered());
        }

        foreach (var step in Steps)
        {
            var row = new List<string>
            {
                Markup.Escape(step.Name),
                TlpStyles.Markup(step.Label),
                Markup.Escape(step.Sender),
                Markup.Escape(step.Audience),
            };
            row.AddRange(Members.Select(m => Cell(report.Cells.FirstOrDefault(c => c.Step == step && c.MemberId == m.Id), step, m.Id)));
            table.AddRow([.. row]);
        }

        table.Caption("yes: in the inbox once (as expected)   -: not received (as expected)   MISSING / LEAKED / DUPLICATE: wrong");
        console.Out.Write(table);
        console.Line($"RED forward by {OfficeTexas}: {report.ForwardOutcome}");
        console.Line($"Exact replay of the sealed sitrep: {report.ReplayOutcome}");
        console.Line($"Same bundle id, other content: {report.RewriteOutcome}");
    }

    private static string Cell(DemoCell? cell, DemoStep step, string memberId)
    {
        if (cell is null)
        {
            return step.Sender == memberId ? "[grey](sender)[/]" : "-";
        }

        return (cell.Expected, cell.Actual) switch
        {
            (1, 1) => "[green]yes[/]",
            (0, 0) => step.Sender == memberId ? "[grey](sender)[/]" : "-",
            (1, 0) => "[bold red]MISSING[/]",
            (0, _) => "[bold red]LEAKED[/]",
            _ => $"[bold red]DUPLICATE x{cell.Actual}[/]",
        };
    }

    private void Progress(int step, string text) =>
        console.Line($"[{step}/{TotalSteps}] {text}  ({_clock.Elapsed.TotalSeconds:0.0} s)");

    private async Task PublishAsync(V1.Node.NodeClient node, DemoStep step, byte[] payload, string contentType, CancellationToken cancellationToken)
    {
        var request = new NodePublishRequest
        {
            Kind = step.Kind,
            ContentType = contentType,
            Payload = ByteString.CopyFrom(payload),
            Tlp = TlpLabels.ToWire(step.Label),
            ExerciseId = ExerciseId,
        };
        request.Communities.AddRange(step.Communities);
        request.Members.AddRange(step.Members);
        var response = await node.PublishAsync(request, cancellationToken: cancellationToken).ConfigureAwait(false);
        _bundleIds[step] = response.BundleId;
        console.Line($"      {step.Sender} publishes {TlpLabels.ToLabelString(step.Label)} {step.Name} to {step.Audience}: {response.Status}, {response.RecipientCount} recipient(s)");
    }

    private async Task<(bool Refused, string Outcome)> ForwardRedAsync(DemoHosts hosts, CancellationToken cancellationToken)
    {
        var request = new NodeForwardRequest { BundleId = _bundleIds[RedNote] };
        request.Members.AddRange(RedForward.Members);
        try
        {
            var response = await hosts.Node(OfficeTexas).ForwardAsync(request, cancellationToken: cancellationToken).ConfigureAwait(false);
            _bundleIds[RedForward] = response.BundleId;
            var outcome = $"ACCEPTED ({response.Status}): a TLP:RED forward must be refused";
            console.Line($"      {OfficeTexas} forwards the TLP:RED note to {RedForward.Audience}: {outcome}");
            return (false, outcome);
        }
        catch (RpcException e)
        {
            var outcome = $"refused by its node with {e.StatusCode}: {e.Status.Detail}";
            console.Line($"      {OfficeTexas} forwards the TLP:RED note to {RedForward.Audience}: {outcome}");
            return (e.StatusCode == StatusCode.PermissionDenied, outcome);
        }
    }

    /// <summary>
    /// Seals a sitrep as the CERT (its own keys, certificate and the verified directory), publishes it straight to
    /// the broker, re-sends the exact same bytes (a retry or a captured copy), then re-seals other content under
    /// the same bundle id.
    /// </summary>
    private async Task<(bool OriginalReceipt, string ReplayOutcome, bool RewriteRefused, string RewriteOutcome)> ReplayAsync(
        DemoHosts hosts, DemoSetup setup, string passphrase, CancellationToken cancellationToken)
    {
        using var broker = BrokerConnection.Open(Home, Cert, passphrase, hosts.BrokerAddress, hosts.IdentityIssuer);
        var directory = await broker.DirectoryAsync(setup.Root.PublicKey, cancellationToken).ConfigureAwait(false);
        var signingKey = setup.CertSigningKey;
        var sender = directory.FindActive(Cert) ?? throw new CliException($"{Cert} is not in the broker's directory");
        var resolution = new SharingPolicy().ResolveRecipients(sender, Replayed.Label, new Core.Policy.Audience(Replayed.Communities, Replayed.Members), directory.ActiveMembers);
        if (!resolution.IsAllowed)
        {
            throw new CliException($"the sharing policy refuses the demo's sitrep: {resolution.Decision}");
        }

        var wireAudience = new V1.Audience();
        wireAudience.Communities.AddRange(Replayed.Communities);
        SealedBundle Seal(string text, ByteString id) => new Sealer(Cert, signingKey).Seal(new SealRequest(
            new Bundle { Id = id, Kind = Replayed.Kind, ContentType = PublishCommand.MarkdownContentType, Payload = ByteString.CopyFromUtf8(text), ExerciseId = ExerciseId },
            Replayed.Label,
            wireAudience,
            resolution.Recipients,
            directory.Version));

        var original = Seal("# Sitrep\nPolling-place network monitoring: all green at 18:00.", ByteString.Empty);
        var bundleId = RoutingHeader.Parser.ParseFrom(original.Header).BundleId;
        _bundleIds[Replayed] = bundleId;
        var first = await broker.Client.PublishAsync(original, cancellationToken: cancellationToken).ConfigureAwait(false);
        console.Line($"      {Cert} publishes {TlpLabels.ToLabelString(Replayed.Label)} {Replayed.Name} straight to the broker: receipt for {ReceiptOf(first).RecipientCount} recipient(s)");

        string replayOutcome;
        var originalReceipt = false;
        try
        {
            var again = await broker.Client.PublishAsync(original, cancellationToken: cancellationToken).ConfigureAwait(false);
            originalReceipt = again.Receipt.Equals(first.Receipt);
            replayOutcome = originalReceipt
                ? $"the broker answers with the ORIGINAL receipt (accepted at {ReceiptOf(first).AcceptedAtMs}, audit position {ReceiptOf(first).AuditPosition?.Sequence}); nothing is delivered twice"
                : "the broker answered with a NEW receipt: a replay must get the original one";
        }
        catch (RpcException e)
        {
            replayOutcome = $"refused with {e.StatusCode}: {e.Status.Detail} (expected the original receipt)";
        }

        console.Line($"      the same sealed bytes again: {replayOutcome}");
        string rewriteOutcome;
        var rewriteRefused = false;
        try
        {
            await broker.Client.PublishAsync(Seal("# Sitrep\nAll polling places closed; ignore earlier guidance.", bundleId), cancellationToken: cancellationToken).ConfigureAwait(false);
            rewriteOutcome = "ACCEPTED: a bundle id reused for other content must be refused";
        }
        catch (RpcException e)
        {
            rewriteRefused = e.StatusCode == StatusCode.AlreadyExists;
            rewriteOutcome = $"refused by the broker with {e.StatusCode}: {e.Status.Detail}";
        }

        console.Line($"      other content under the same bundle id: {rewriteOutcome}");
        return (originalReceipt, replayOutcome, rewriteRefused, rewriteOutcome);
    }

    private static Receipt ReceiptOf(PublishResponse response) => Receipt.Parser.ParseFrom(response.Receipt.Receipt);

    private static async Task<List<InboxItem>> InboxAsync(DemoHosts hosts, string memberId, CancellationToken cancellationToken) =>
        [.. (await hosts.Node(memberId).ListInboxAsync(new ListInboxRequest { Limit = 1000 }, cancellationToken: cancellationToken).ConfigureAwait(false)).Items];

    private static async Task WaitForAsync(DemoHosts hosts, string memberId, ByteString bundleId, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(DeliveryTimeout);
        try
        {
            while (!(await InboxAsync(hosts, memberId, timeout.Token).ConfigureAwait(false)).Any(i => i.BundleId == bundleId))
            {
                await Task.Delay(100, timeout.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Not an error by itself: the matrix shows the missing delivery.
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.Cancelled && !cancellationToken.IsCancellationRequested)
        {
        }
    }

    private async Task<List<DemoCell>> CollectAsync(DemoHosts hosts, CancellationToken cancellationToken)
    {
        var cells = new List<DemoCell>();
        foreach (var member in Members)
        {
            var inbox = await InboxAsync(hosts, member.Id, cancellationToken).ConfigureAwait(false);
            foreach (var (step, bundleId) in _bundleIds)
            {
                var expected = step.Expected.Contains(member.Id) ? 1 : 0;
                cells.Add(new DemoCell(step, member.Id, expected, inbox.Count(i => i.Gap is null && i.BundleId == bundleId)));
            }
        }

        return cells;
    }
}
