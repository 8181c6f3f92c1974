using System.CommandLine;
using System.Text;
using System.Text.Json;
using Google.Protobuf;
using Grpc.Core;
using Isac.Cli.Hosting;
using Isac.Core.Labels;
using Isac.Core.Membership;
using Isac.Core.Stix;
using Isac.V1;

namespace Isac.Cli.Commands;

/// <summary><c>isac publish</c>: hands a STIX bundle or a markdown advisory to the local node, which seals and publishes it.</summary>
internal static class PublishCommand
{
    public const string StixContentType = "application/stix+json;version=2.1";
    public const string MarkdownContentType = "text/markdown";

    public static Command Create(CliConsole console)
    {
        var tlp = CliOptions.Tlp("--tlp", "The TLP label, signed into the header", required: true);
        var to = new Option<string[]>("--to")
        {
            Description = "A recipient: community:ID, member:ID or org:ID (repeatable; none with TLP:CLEAR means everyone)",
            HelpName = "WHO",
        };
        to.Validators.Add(result =>
        {
            foreach (var value in result.GetValueOrDefault<string[]>() ?? [])
            {
                if (ParseRecipient(value) is { Error: { } error })
                {
                    result.AddError(error);
                }
            }
        });
        var kind = CliOptions.Kind(required: false, BundleKind.Advisory);
        var exercise = CliOptions.Id("--exercise", "Mark the bundle as part of this exercise (shown with an EXERCISE banner)", required: false);
        var contentType = new Option<string?>("--content-type") { Description = $"Override the content type ({StixContentType} for a STIX bundle, {MarkdownContentType} otherwise)", HelpName = "TYPE" };
        var node = CliOptions.Node();
        var file = new Argument<string>("FILE") { Description = "A STIX 2.1 bundle (JSON) or a markdown advisory; - reads standard input" };
        var command = new Command("publish", "Publish a STIX 2.1 bundle or a markdown advisory through the local node")
        {
            tlp, to, kind, exercise, contentType, node, file,
        };
        CommandAction.Set(command, console, async (parse, cancellationToken) =>
        {
            var label = parse.GetRequiredValue(tlp);
            var recipients = (parse.GetValue(to) ?? []).Select(r => ParseRecipient(r)).ToList();
            if (recipients.Count == 0 && label != Tlp.Clear)
            {
                throw new CliException($"{TlpLabels.ToLabelString(label)} needs an audience: pass --to community:ID, --to member:ID or --to org:ID");
            }

            var path = parse.GetRequiredValue(file);
            var payload = await ReadPayloadAsync(path, cancellationToken).ConfigureAwait(false);
            var type = parse.GetValue(contentType) ?? SniffContentType(payload);
            if (type.StartsWith("application/stix+json", StringComparison.OrdinalIgnoreCase)
                && StixBundleChecker.Check(payload, label) is { IsValid: false } refused)
            {
                throw new CliException($"the STIX bundle was not sent: {refused.Message} (isac stix validate shows every problem)");
            }

            var request = new NodePublishRequest
            {
                Kind = parse.GetValue(kind),
                ContentType = type,
                Payload = ByteString.CopyFrom(payload),
                Tlp = TlpLabels.ToWire(label),
                ExerciseId = parse.GetValue(exercise) ?? string.Empty,
            };
            request.Communities.AddRange(recipients.Where(r => r.Kind == "community").Select(r => r.Id));
            request.Members.AddRange(recipients.Where(r => r.Kind == "member").Select(r => r.Id));
            request.Organizations.AddRange(recipients.Where(r => r.Kind == "org").Select(r => r.Id));

            var address = parse.GetRequiredValue(node);
            using var channel = NodeChannels.Create(address);
            NodePublishResponse response;
            try
            {
                response = await new Isac.V1.Node.NodeClient(channel).PublishAsync(request, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (RpcException e) when (NodeChannels.DescribeUnavailable(e, address) is { } hint)
            {
                throw new CliException(hint, e);
            }

            console.Markup($"{TlpStyles.Markup(label)} {Spectre.Console.Markup.Escape(CliOptions.KindName(request.Kind))} {Convert.ToHexStringLower(response.BundleId.Span)}: " +
                $"{Spectre.Console.Markup.Escape(response.Status)}, {response.RecipientCount} recipient(s)");
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>Parses <c>community:ID</c>, <c>member:ID</c> or <c>org:ID</c> (the id may itself contain ':').</summary>
    internal static (string Kind, string Id, string? Error) ParseRecipient(string value)
    {
        var colon = value.IndexOf(':', StringComparison.Ordinal);
        var kind = colon < 0 ? string.Empty : value[..colon];
        var id = colon < 0 ? string.Empty : value[(colon + 1)..];
        if (kind is not ("community" or "member" or "org"))
        {
            return (kind, id, $"--to '{value}' must start with community:, member: or org:");
        }

        return MemberCards.IsValidId(id) ? (kind, id, null) : (kind, id, $"--to '{value}': '{id}' is not a valid id ([a-z0-9][a-z0-9.:-]{{0,63}})");
    }

    internal static string SniffContentType(byte[] payload)
    {
        try
        {
            using var document = JsonDocument.Parse(payload);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("type", out var type)
                && type.ValueKind == JsonValueKind.String
                && type.GetString() == "bundle")
            {
                return StixContentType;
            }

            throw new CliException("the file is JSON but not a STIX bundle (its top-level \"type\" must be \"bundle\")");
        }
        catch (JsonException)
        {
            return MarkdownContentType;
        }
    }

    internal static async Task<byte[]> ReadPayloadAsync(string path, CancellationToken cancellationToken)
    {
        if (path == "-")
        {
            using var buffer = new MemoryStream();
            await Console.OpenStandardInput().CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
            return buffer.Length > 0 ? buffer.ToArray() : throw new CliException("standard input is empty");
        }

        if (!File.Exists(path))
        {
            throw new CliException($"file {path} does not exist");
        }

        var bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        return bytes.Length > 0 ? bytes : throw new CliException($"file {path} is empty");
    }

    internal static string Utf8(ByteString bytes) => Encoding.UTF8.GetString(bytes.Span);
}
