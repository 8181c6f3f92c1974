using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Isac.Core.Pki;

namespace Isac.IntegrationTests.Identity;

/// <summary>A node's side of the token endpoint: client-credentials over TLS that trusts the hub CA only.</summary>
public sealed class TokenClient(Uri issuer, HubTrust serverTrust)
{
    /// <summary>Asks for a token presenting <paramref name="certificate"/> (or none) as <paramref name="clientId"/>.</summary>
    public async Task<TokenResponse> RequestAsync(X509Certificate2? certificate, string clientId, string? scope = null)
    {
        using var client = CreateHttpClient(certificate);
        var form = new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["client_id"] = clientId };
        if (scope is not null)
        {
            form["scope"] = scope;
        }

        using var content = new FormUrlEncodedContent(form);
        using var response = await client.PostAsync(new Uri(issuer, "connect/token"), content);
        var text = await response.Content.ReadAsStringAsync();
        if (!(response.Content.Headers.ContentType?.MediaType?.Contains("json", StringComparison.Ordinal) ?? false))
        {
            throw new InvalidOperationException($"The token endpoint answered {(int)response.StatusCode} without JSON: '{text}'");
        }

        return new TokenResponse(response.StatusCode, JsonDocument.Parse(text).RootElement.Clone());
    }

    /// <summary>Gets a JSON document from the service (discovery, key set) without a client certificate.</summary>
    public async Task<JsonElement> GetJsonAsync(string relative)
    {
        using var client = CreateHttpClient(certificate: null);
        var text = await client.GetStringAsync(new Uri(issuer, relative));
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>A token the caller expects to get; fails the test with the service's error otherwise.</summary>
    public async Task<string> GetTokenAsync(X509Certificate2 certificate, string clientId, string? scope = null)
    {
        var response = await RequestAsync(certificate, clientId, scope);
        return response.AccessToken ?? throw new InvalidOperationException($"Test setup: no token for {clientId}: {response.Error}: {response.ErrorDescription}");
    }

    private HttpClient CreateHttpClient(X509Certificate2? certificate)
    {
        var ssl = new SslClientAuthenticationOptions { CertificateChainPolicy = serverTrust.CreateServerChainPolicy() };
        if (certificate is not null)
        {
            ssl.ClientCertificates = [certificate];
            ssl.LocalCertificateSelectionCallback = (_, _, _, _, _) => certificate;
        }

        return new HttpClient(new SocketsHttpHandler { SslOptions = ssl, ConnectTimeout = TimeSpan.FromSeconds(10) }, disposeHandler: true);
    }
}

/// <summary>The token endpoint's answer.</summary>
public sealed record TokenResponse(HttpStatusCode Status, JsonElement Body)
{
    public string? AccessToken => Get("access_token");

    public string? Error => Get("error");

    public string? ErrorDescription => Get("error_description");

    private string? Get(string name) => Body.TryGetProperty(name, out var value) ? value.GetString() : null;
}
