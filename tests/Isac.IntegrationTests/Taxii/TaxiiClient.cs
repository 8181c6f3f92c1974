using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;

namespace Isac.IntegrationTests.Taxii;

/// <summary>
/// A plain HTTPS client for a node's TAXII server that trusts only the test hub CA, and checks on every response
/// that it carries the TAXII 2.1 media type.
/// </summary>
public sealed class TaxiiClient : IDisposable
{
    public const string MediaType = "application/taxii+json;version=2.1";

    private readonly HttpClient _http;

    public TaxiiClient(Uri baseAddress, X509Certificate2 hubCa, AuthenticationHeaderValue? authorization)
    {
        _http = new HttpClient(TrustingOnly(hubCa)) { BaseAddress = baseAddress };
        _http.DefaultRequestHeaders.Authorization = authorization;
    }

    /// <summary>An HTTPS handler that trusts server certificates issued by <paramref name="hubCa"/> only.</summary>
    public static SocketsHttpHandler TrustingOnly(X509Certificate2 hubCa)
    {
        var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
        {
            if (certificate is null)
            {
                return false;
            }

            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(hubCa);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
            return chain.Build(leaf);
        };
        return handler;
    }

    public static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));

    public static AuthenticationHeaderValue Bearer(string token) => new("Bearer", token);

    public static string TokenHash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>GETs <paramref name="path"/> (relative to the server) accepting <paramref name="accept"/>.</summary>
    public Task<TaxiiResponse> GetAsync(string path, string? accept = MediaType) => SendAsync(HttpMethod.Get, path, accept, null);

    /// <summary>POSTs <paramref name="body"/> as <paramref name="contentType"/>.</summary>
    public Task<TaxiiResponse> PostAsync(string path, string body, string contentType = MediaType) =>
        SendAsync(HttpMethod.Post, path, MediaType, new StringContent(body, Encoding.UTF8) { Headers = { ContentType = MediaTypeHeaderValue.Parse(contentType) } });

    public async Task<TaxiiResponse> SendAsync(HttpMethod method, string path, string? accept, HttpContent? content)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }

        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var contentType = response.Content.Headers.ContentType;
        Assert.Equal("application/taxii+json", contentType?.MediaType);
        Assert.Equal("2.1", Assert.Single(contentType!.Parameters, p => p.Name == "version").Value);
        var headers = response.Headers.ToDictionary(h => h.Key, h => string.Join(", ", h.Value), StringComparer.OrdinalIgnoreCase);
        return new TaxiiResponse(response.StatusCode, text.Length == 0 ? null : JsonDocument.Parse(text).RootElement.Clone(), text, headers);
    }

    /// <summary>Polls the status resource a POST answered with until nothing is pending (the broker may be slow to answer; at most <paramref name="patience"/>).</summary>
    public async Task<TaxiiResponse> WaitForCompleteAsync(TaxiiResponse posting, TimeSpan patience)
    {
        ArgumentNullException.ThrowIfNull(posting);
        var path = $"/taxii2/api/status/{posting.Json.GetProperty("id").GetString()}/";
        var deadline = DateTimeOffset.UtcNow + patience;
        var status = posting;
        while (status.Json.GetProperty("status").GetString() != "complete")
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, $"still pending after {patience}: {status.Text}");
            await Task.Delay(200);
            status = await GetAsync(path);
            Assert.True(status.Status == HttpStatusCode.OK, status.Text);
        }

        return status;
    }

    public void Dispose() => _http.Dispose();
}

/// <summary>A TAXII response: status, parsed body (null if empty) and headers.</summary>
public sealed record TaxiiResponse(HttpStatusCode Status, JsonElement? Body, string Text, IReadOnlyDictionary<string, string> Headers)
{
    public JsonElement Json => Body ?? throw new InvalidOperationException($"no body (status {Status})");

    /// <summary>Asserts a TAXII error object with this status.</summary>
    public void AssertError(HttpStatusCode expected)
    {
        Assert.True(expected == Status, $"expected {expected}, got {Status}: {Text}");
        Assert.False(string.IsNullOrEmpty(Json.GetProperty("title").GetString()));
        Assert.Equal(((int)expected).ToString(System.Globalization.CultureInfo.InvariantCulture), Json.GetProperty("http_status").GetString());
    }
}
