using Isac.Core.Crypto;
using Isac.Core.Membership;

namespace Isac.Cli.Demo;

/// <summary>The demo's governance and keys, with the key-file writes still running in the background.</summary>
/// <param name="Root">The governance root (the demo pins its public key).</param>
/// <param name="CertSigningKey">The CERT's signing key, for sealing the replayed sitrep without reading it back.</param>
/// <param name="BrokerFiles">Completes when everything the broker reads is on disk.</param>
/// <param name="NodeFiles">Completes when everything the nodes read is on disk.</param>
internal sealed record DemoSetup(GovernanceRoot Root, SigningKeyPair CertSigningKey, Task BrokerFiles, Task NodeFiles);
