using Grpc.Core;
using Isac.Core.Labels;
using Isac.IntegrationTests.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Audience = Isac.Core.Policy.Audience;

namespace Isac.IntegrationTests.Broker;

/// <summary>Stopping a broker with live subscribers: the streams end at once and the stop does not wait for its timeout.</summary>
public sealed class BrokerShutdownTests(TestPkiFixture fixture) : IClassFixture<TestPkiFixture>
{
    [Fact]
    public async Task Stop_WithAnOpenSubscription_EndsTheStreamWithUnavailableSoTheNodeReconnects()
    {
        // A long shutdown timeout: a stream that only ended because the host gave up would end Cancelled, not with
        // the broker's own "broker-stopping" status.
        await using var broker = await RunningBroker.StartAsync(fixture.Pki, services: s => s.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromMinutes(5)));
        var federation = fixture.Pki.Federation;
        using var office = broker.Client(TestFederation.OfficeTexas);
        using var stream = new MailboxStream(office, 0);
        using (var cert = broker.Client(TestFederation.Cert))
        {
            var directory = await cert.DirectoryAsync(federation);
            await cert.PublishAsync(federation.Seal(TestFederation.Cert, directory, Tlp.Red, Audience.OfMembers(TestFederation.OfficeTexas), "before the stop"));
        }

        Assert.Single(await stream.ReadAsync(1));

        await broker.App.StopAsync();
        var ended = await stream.EndAsync();

        Assert.Equal(StatusCode.Unavailable, ended.StatusCode);
        Assert.StartsWith("broker-stopping: ", ended.Status.Detail, StringComparison.Ordinal);
    }
}
