using Isac.Core.Labels;
using Isac.Core.Membership;

namespace Isac.Cli.Demo;

/// <summary>A member of the demo federation (the shape of the integration tests' default federation).</summary>
internal sealed record DemoMember(string Id, string Organization, Tlp Clearance, Role Role, string[] Communities);
