using Isac.Identity.Hosting;

var app = IdentityHost.Build(args);
await app.RunAsync().ConfigureAwait(false);
