using System.CommandLine;
using System.CommandLine.Parsing;
using Isac.Core.Labels;
using Isac.Core.Membership;
using Isac.V1;

namespace Isac.Cli.Commands;

/// <summary>Options shared by several verbs, each parsing and checking its value (a bad value is a parse error naming it).</summary>
internal static class CliOptions
{
    /// <summary>The default local API address of a node (<c>Isac:Node:Port</c> defaults to 7601).</summary>
    public const string DefaultNodeAddress = "http://127.0.0.1:7601";

    /// <summary>The environment variable that overrides <see cref="DefaultNodeAddress"/>.</summary>
    public const string NodeAddressVariable = "ISAC_NODE";

    private static readonly string[] KindNames = ["indicator", "advisory", "bulletin", "sitrep", "incident", "retraction"];

    public static Option<string> MemberId(string description = "The member id, [a-z0-9][a-z0-9.:-]{0,63}") => Id("--member", description, required: true);

    public static Option<string> Id(string name, string description, bool required)
    {
        var option = new Option<string>(name) { Description = description, Required = required, HelpName = "ID" };
        option.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<string>();
            if (value is not null && !MemberCards.IsValidId(value))
            {
                result.AddError($"{name} '{value}' is not a valid id: use [a-z0-9][a-z0-9.:-]{{0,63}} (lower case)");
            }
        });
        return option;
    }

    public static Option<Tlp> Tlp(string name, string description, bool required) => new(name)
    {
        Description = description + " (CLEAR, GREEN, AMBER, AMBER+STRICT or RED)",
        Required = required,
        HelpName = "LABEL",
        CustomParser = result => ParseTlp(result, name),
    };

    public static Option<BundleKind> Kind(bool required, BundleKind? defaultKind) => new("--kind")
    {
        Description = "The bundle kind: " + string.Join(", ", KindNames),
        Required = required,
        HelpName = "KIND",
        CustomParser = ParseKind,
        DefaultValueFactory = defaultKind is { } kind ? _ => kind : null,
    };

    public static Option<Uri> Node() => new("--node")
    {
        Description = $"The node's local API (default {DefaultNodeAddress}, or the environment variable {NodeAddressVariable})",
        HelpName = "URL",
        DefaultValueFactory = _ => new Uri(Environment.GetEnvironmentVariable(NodeAddressVariable) is { Length: > 0 } fromEnvironment ? fromEnvironment : DefaultNodeAddress),
        CustomParser = result => ParseUri(result, "--node", "http"),
    };

    /// <summary>The identity service's issuer (<c>isac identity run</c> listens on it).</summary>
    public static Option<Uri> Identity() => new("--identity")
    {
        Description = "The identity service's issuer URI (access tokens for the broker come from there)",
        HelpName = "URL",
        DefaultValueFactory = _ => Hosting.HostSettings.IdentityIssuer(Hosting.HostSettings.DefaultIdentityPort),
        CustomParser = result => ParseUri(result, "--identity", "https"),
    };

    public static Option<int> Port(int defaultPort, string what) => new("--port")
    {
        Description = $"The TCP port {what} listens on (0: a free port)",
        DefaultValueFactory = _ => defaultPort,
        CustomParser = result => ParsePort(result, "--port"),
    };

    /// <summary>An optional port: the feature it serves is off unless the option is given.</summary>
    public static Option<int?> OptionalPort(string name, string description) => new(name)
    {
        Description = description,
        HelpName = "PORT",
        CustomParser = result => ParsePort(result, name),
    };

    private static int ParsePort(ArgumentResult result, string name)
    {
        var text = result.Tokens.Single().Value;
        if (!int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port) || port > 65535)
        {
            result.AddError($"{name} '{text}' is not a port number (0 to 65535)");
        }

        return port;
    }

    public static string KindName(BundleKind kind) => kind switch
    {
        BundleKind.Indicator => "indicator",
        BundleKind.Advisory => "advisory",
        BundleKind.Bulletin => "bulletin",
        BundleKind.Sitrep => "sitrep",
        BundleKind.Incident => "incident",
        BundleKind.Retraction => "retraction",
        _ => "unknown",
    };

    public static Uri ParseUri(ArgumentResult result, string name, string scheme)
    {
        var text = result.Tokens.Single().Value;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || !string.Equals(uri.Scheme, scheme, StringComparison.Ordinal))
        {
            result.AddError($"{name} '{text}' is not an {scheme}:// address");
            return new Uri(scheme + "://invalid");
        }

        return uri;
    }

    private static Tlp ParseTlp(ArgumentResult result, string name)
    {
        var text = result.Tokens.Single().Value;
        try
        {
            return TlpLabels.Parse(text);
        }
        catch (FormatException e)
        {
            result.AddError($"{name}: {e.Message}");
            return default;
        }
    }

    private static BundleKind ParseKind(ArgumentResult result)
    {
        var text = result.Tokens.Single().Value;
        var index = Array.FindIndex(KindNames, name => string.Equals(name, text.Trim(), StringComparison.OrdinalIgnoreCase));
        if (index < 0)
        {
            result.AddError($"--kind '{text}' is not a bundle kind; expected one of {string.Join(", ", KindNames)}");
            return BundleKind.Unspecified;
        }

        return (BundleKind)(index + 1);
    }
}
