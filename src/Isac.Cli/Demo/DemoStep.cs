using Isac.Core.Labels;
using Isac.V1;

namespace Isac.Cli.Demo;

/// <summary>One bundle of the demo scenario and who must end up with it.</summary>
/// <param name="Name">Short name shown in the table.</param>
/// <param name="Sender">The publishing (or forwarding) member.</param>
/// <param name="Label">The TLP label.</param>
/// <param name="Kind">The bundle kind.</param>
/// <param name="Communities">Audience communities.</param>
/// <param name="Members">Audience members.</param>
/// <param name="Expected">The members whose inbox must hold it, exactly once; everyone else must not have it.</param>
internal sealed record DemoStep(string Name, string Sender, Tlp Label, BundleKind Kind, string[] Communities, string[] Members, string[] Expected)
{
    public string Audience => string.Join(", ", Communities.Select(c => "community:" + c).Concat(Members.Select(m => "member:" + m)).DefaultIfEmpty("everyone"));
}
