using Isac.IntegrationTests.Infrastructure;
using Isac.Storage;

namespace Isac.IntegrationTests.Storage;

/// <summary>The storage contract on the embedded Garnet server, reached over loopback as the broker reaches it.</summary>
public sealed class GarnetStoreContractTests(GarnetFixture garnet) : StoreContractTests, IClassFixture<GarnetFixture>
{
    protected override StoreEngine ExpectedEngine => StoreEngine.Garnet;

    protected override StoreOptions CreateOptions() => new() { ConnectionString = garnet.ConnectionString };
}
