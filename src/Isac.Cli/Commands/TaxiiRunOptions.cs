using System.CommandLine;
using System.Net;
using Isac.Cli.Home;
using Isac.Cli.Hosting;
using Isac.Core.Labels;
using Isac.Core.Membership;
using Isac.Node.Configuration;

namespace Isac.Cli.Commands;

/// <summary>
/// The <c>isac node run</c> options that switch the node's TAXII 2.1 server on (<c>--taxii-port</c>) and shape it;
/// without <c>--taxii-port</c> the server stays off and the other options are refused.
/// </summary>
internal sealed class TaxiiRunOptions
{
    private readonly Option<int?> _port = CliOptions.OptionalPort(
        "--taxii-port", $"Serve TAXII 2.1 over HTTPS on this port (e.g. {TaxiiOptions.DefaultPort}; 0: a free port); needs `isac taxii cert` and `isac taxii user add`");

    private readonly Option<IPAddress> _address = new("--taxii-address")
    {
        Description = "The address the TAXII server listens on",
        HelpName = "IP",
        DefaultValueFactory = _ => IPAddress.Loopback,
        CustomParser = result =>
        {
            var text = result.Tokens.Single().Value;
            if (!IPAddress.TryParse(text, out var address))
            {
                result.AddError($"--taxii-address '{text}' is not an IP address");
                return IPAddress.Loopback;
            }

            return address;
        },
    };

    private readonly Option<Tlp> _outboxLabel = CliOptions.Tlp(
        "--taxii-outbox-label", "The label of objects POSTed to the TAXII outbox (default: their strictest marking, AMBER+STRICT when unmarked)", required: false);

    private readonly Option<string[]> _outboxCommunities = new("--taxii-outbox-community")
    {
        Description = "A community that receives objects POSTed to the TAXII outbox (repeatable)",
        HelpName = "NAME",
    };

    private readonly Option<string[]> _outboxMembers = new("--taxii-outbox-member")
    {
        Description = "A member that receives objects POSTed to the TAXII outbox (repeatable)",
        HelpName = "ID",
    };

    public TaxiiRunOptions()
    {
        _outboxMembers.Validators.Add(result =>
        {
            foreach (var id in (result.GetValueOrDefault<string[]>() ?? []).Where(id => !MemberCards.IsValidId(id)))
            {
                result.AddError($"--taxii-outbox-member '{id}' is not a valid id: use [a-z0-9][a-z0-9.:-]{{0,63}} (lower case)");
            }
        });
        _outboxCommunities.Validators.Add(result =>
        {
            if ((result.GetValueOrDefault<string[]>() ?? []).Any(string.IsNullOrWhiteSpace))
            {
                result.AddError("--taxii-outbox-community must not be empty");
            }
        });
    }

    public void AddTo(Command command)
    {
        command.Options.Add(_port);
        command.Options.Add(_address);
        command.Options.Add(_outboxLabel);
        command.Options.Add(_outboxCommunities);
        command.Options.Add(_outboxMembers);
    }

    /// <summary>The TAXII settings to add to the node's (none without <c>--taxii-port</c>); fails naming what is missing.</summary>
    public async Task<IReadOnlyDictionary<string, string?>> SettingsAsync(ParseResult parse, IsacHome home, string memberId, int nodePort, CancellationToken cancellationToken)
    {
        var port = parse.GetValue(_port);
        if (port is { } taxiiPort && taxiiPort != 0 && taxiiPort == nodePort)
        {
            throw new CliException($"--taxii-port {taxiiPort} is also the node API's --port; give TAXII another port");
        }

        if (port is null)
        {
            var stray = new Option[] { _address, _outboxLabel, _outboxCommunities, _outboxMembers }.FirstOrDefault(o => parse.GetResult(o) is { Implicit: false });
            if (stray is not null)
            {
                throw new CliException($"{stray.Name} needs --taxii-port (the TAXII server is off without it)");
            }

            return new Dictionary<string, string?>();
        }

        var users = await HostSettings.RequireTaxiiFilesAsync(home, memberId, cancellationToken).ConfigureAwait(false);
        var outbox = new TaxiiOutboxSettings(
            parse.GetResult(_outboxLabel) is { Implicit: false } ? TlpLabels.ToLabelString(parse.GetValue(_outboxLabel)) : null,
            parse.GetValue(_outboxCommunities) ?? [],
            parse.GetValue(_outboxMembers) ?? []);
        return HostSettings.Taxii(home, memberId, users, new IPEndPoint(parse.GetRequiredValue(_address), port.Value), outbox);
    }
}
