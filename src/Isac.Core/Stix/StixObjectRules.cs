using System.Collections.Frozen;

namespace Isac.Core.Stix;

/// <summary>
/// The STIX 2.1 required properties per object type (OASIS STIX 2.1, sections 4 to 7), beyond the common
/// <c>type</c> and <c>id</c>. Types not listed here (custom objects) need only the common properties of their
/// category.
/// </summary>
internal static class StixObjectRules
{
    /// <summary>STIX Cyber-observable Object types: <c>spec_version</c> optional, no <c>created</c>/<c>modified</c>.</summary>
    public static readonly FrozenSet<string> CyberObservables = new[]
    {
        "artifact", "autonomous-system", "directory", "domain-name", "email-addr", "email-message", "file",
        "ipv4-addr", "ipv6-addr", "mac-addr", "mutex", "network-traffic", "process", "software", "url",
        "user-account", "windows-registry-key", "x509-certificate",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Type-specific required properties.</summary>
    public static readonly FrozenDictionary<string, string[]> Required = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["attack-pattern"] = ["name"],
        ["campaign"] = ["name"],
        ["course-of-action"] = ["name"],
        ["grouping"] = ["context", "object_refs"],
        ["identity"] = ["name"],
        ["indicator"] = ["pattern", "pattern_type", "valid_from"],
        ["infrastructure"] = ["name"],
        ["intrusion-set"] = ["name"],
        ["malware"] = ["is_family"],
        ["malware-analysis"] = ["product"],
        ["note"] = ["content", "object_refs"],
        ["observed-data"] = ["first_observed", "last_observed", "number_observed"],
        ["opinion"] = ["opinion", "object_refs"],
        ["report"] = ["name", "published", "object_refs"],
        ["threat-actor"] = ["name"],
        ["tool"] = ["name"],
        ["vulnerability"] = ["name"],
        ["relationship"] = ["relationship_type", "source_ref", "target_ref"],
        ["sighting"] = ["sighting_of_ref"],
        ["language-content"] = ["object_ref", "contents"],
        ["extension-definition"] = ["created_by_ref", "name", "schema", "version", "extension_types"],
        ["autonomous-system"] = ["number"],
        ["domain-name"] = ["value"],
        ["email-addr"] = ["value"],
        ["ipv4-addr"] = ["value"],
        ["ipv6-addr"] = ["value"],
        ["mac-addr"] = ["value"],
        ["mutex"] = ["name"],
        ["software"] = ["name"],
        ["url"] = ["value"],
        ["windows-registry-key"] = [],
        ["directory"] = ["path"],
        ["email-message"] = ["is_multipart"],
        ["network-traffic"] = ["protocols"],
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Properties that hold STIX timestamps and must be RFC 3339 UTC (<c>Z</c>).</summary>
    public static readonly string[] Timestamps = ["created", "modified", "valid_from", "valid_until", "published", "first_observed", "last_observed", "first_seen", "last_seen"];
}
