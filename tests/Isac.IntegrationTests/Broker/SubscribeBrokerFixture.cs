using Isac.Core.Labels;
using Isac.Core.Membership;
using Isac.IntegrationTests.Hosting;

namespace Isac.IntegrationTests.Broker;

/// <summary>One broker on embedded Garnet whose federation has one extra member per subscribe test, so each test owns a mailbox.</summary>
public sealed class SubscribeBrokerFixture : PkiBrokerFixture
{
    public const string Resuming = "office-resume";
    public const string Acking = "office-ack";
    public const string Revoked = "office-revoked";

    protected override Task PrepareAsync(TestPki pki)
    {
        ArgumentNullException.ThrowIfNull(pki);
        foreach (var id in new[] { Resuming, Acking, Revoked })
        {
            // No communities: only bundles that name them reach them.
            pki.Federation.Add(TestFederation.Spec(id, id, Tlp.Red, [Role.ElectionOffice], []));
        }

        return pki.Federation.WriteRosterAsync();
    }
}
