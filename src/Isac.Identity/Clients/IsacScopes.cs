namespace Isac.Identity.Clients;

/// <summary>The scopes the service issues (the broker's token validation names the same three).</summary>
internal static class IsacScopes
{
    public const string Publish = "isac.publish";
    public const string Subscribe = "isac.subscribe";
    public const string Admin = "isac.admin";

    public static readonly string[] All = [Publish, Subscribe, Admin];
}
