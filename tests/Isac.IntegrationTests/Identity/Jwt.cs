using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Microsoft.IdentityModel.Tokens;

namespace Isac.IntegrationTests.Identity;

/// <summary>Reads a JWT's parts without validating it (the tests check the claims one by one).</summary>
public static class Jwt
{
    public static JsonElement Header(string token) => Part(token, 0);

    public static JsonElement Payload(string token) => Part(token, 1);

    /// <summary>RFC 8705's <c>x5t#S256</c>: base64url of the SHA-256 of the certificate's DER bytes.</summary>
    public static string Thumbprint(X509Certificate2 certificate) => Base64UrlEncoder.Encode(SHA256.HashData(certificate.RawData));

    /// <summary>The token's scopes (space-separated <c>scope</c> claim), sorted.</summary>
    public static string[] Scopes(string token) =>
        [.. Payload(token).GetProperty("scope").GetString()!.Split(' ', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal)];

    private static JsonElement Part(string token, int index) =>
        JsonDocument.Parse(Base64UrlEncoder.DecodeBytes(token.Split('.')[index])).RootElement.Clone();
}
