namespace Isac.Core.Tokens;

/// <summary>
/// The access-token scopes of the federation, defined once: the identity service issues them, the broker requires
/// them per call (its method table), and nodes and tools ask for them.
/// </summary>
public static class IsacScopes
{
    /// <summary>Publish sealed bundles.</summary>
    public const string Publish = "isac.publish";

    /// <summary>Read the directory, subscribe to the mailbox and acknowledge deliveries.</summary>
    public const string Subscribe = "isac.subscribe";

    /// <summary>Membership administration (only members the identity service names as admins get it).</summary>
    public const string Admin = "isac.admin";

    /// <summary>What a node asks for: publish and subscribe, space-separated as the token endpoint takes them.</summary>
    public const string Member = Publish + " " + Subscribe;

    /// <summary>Every scope, in a stable order.</summary>
    public static IReadOnlyList<string> All { get; } = [Publish, Subscribe, Admin];
}
