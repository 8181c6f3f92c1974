using Isac.Node.Hosting;

// Everything is configured in NodeHost, so that the CLI and the integration tests start this very host in-process.
var app = NodeHost.Build(args);
await app.RunAsync().ConfigureAwait(false);
