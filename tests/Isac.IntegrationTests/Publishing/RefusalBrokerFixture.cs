using Isac.IntegrationTests.Hosting;

namespace Isac.IntegrationTests.Publishing;

/// <summary>
/// One broker on embedded Garnet for the bad-input matrix, with a five-second directory-version grace so that a
/// header sealed against a superseded snapshot can be made stale without waiting ten minutes (and a publish just
/// after a new version is still comfortably within the grace on a loaded machine).
/// </summary>
public sealed class RefusalBrokerFixture : PkiBrokerFixture
{
    public static readonly TimeSpan VersionGrace = TimeSpan.FromSeconds(5);

    protected override Dictionary<string, string?> Settings() => new() { ["Isac:Directory:VersionGrace"] = VersionGrace.ToString() };
}
