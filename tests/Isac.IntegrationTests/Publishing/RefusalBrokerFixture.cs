using Isac.IntegrationTests.Hosting;

namespace Isac.IntegrationTests.Publishing;

/// <summary>
/// One broker on embedded Garnet for the bad-input matrix, with a one-second directory-version grace so that a
/// header sealed against a superseded snapshot can be made stale without waiting ten minutes.
/// </summary>
public sealed class RefusalBrokerFixture : PkiBrokerFixture
{
    public static readonly TimeSpan VersionGrace = TimeSpan.FromSeconds(1);

    protected override Dictionary<string, string?> Settings() => new() { ["Isac:Directory:VersionGrace"] = VersionGrace.ToString() };
}
