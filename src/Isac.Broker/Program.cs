using Isac.Broker.Hosting;

// Everything is configured in BrokerHost, so that the integration tests start this very host in-process.
var app = BrokerHost.Build(args);
await app.RunAsync().ConfigureAwait(false);
