using Isac.Core.Tokens;

namespace Isac.Broker.Tokens;

/// <summary>
/// The scope each gRPC method requires. Fail closed: a method not listed here is refused to every token, so a
/// new RPC cannot be reachable before someone decides its scope.
/// </summary>
internal static class TokenScopes
{
    public const string Publish = IsacScopes.Publish;
    public const string Subscribe = IsacScopes.Subscribe;
    public const string Admin = IsacScopes.Admin;

    private static readonly Dictionary<string, string> ByMethod = new(StringComparer.Ordinal)
    {
        ["/isac.v1.Broker/Publish"] = Publish,
        ["/isac.v1.Broker/Subscribe"] = Subscribe,
        ["/isac.v1.Broker/Ack"] = Subscribe,
        ["/isac.v1.Broker/GetDirectory"] = Subscribe,
        ["/isac.v1.Admin/ListMembers"] = Admin,
        ["/isac.v1.Admin/ApproveMember"] = Admin,
        ["/isac.v1.Admin/RotateMember"] = Admin,
        ["/isac.v1.Admin/RevokeMember"] = Admin,
        ["/grpc.health.v1.Health/Check"] = Subscribe,
        ["/grpc.health.v1.Health/Watch"] = Subscribe,
        ["/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo"] = Subscribe,
        ["/grpc.reflection.v1.ServerReflection/ServerReflectionInfo"] = Subscribe,
    };

    /// <summary>The scope <paramref name="path"/> (<c>/package.Service/Method</c>) requires, or null if it has none.</summary>
    public static string? RequiredFor(string path) => ByMethod.GetValueOrDefault(path);
}
