using Isac.Core.Membership;

namespace Isac.Node.LocalStore;

/// <summary>The last verified directory snapshot: its version mark and the exact signed snapshot bytes.</summary>
/// <param name="Mark">The version and the snapshot's SHA-256, which the node never goes below.</param>
/// <param name="SignedSnapshot">The <c>SignedDirectorySnapshot</c> bytes, re-verified at start-up.</param>
internal sealed record StoredDirectory(DirectoryVersionMark Mark, byte[] SignedSnapshot);
