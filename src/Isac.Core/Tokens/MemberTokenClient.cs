using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Grpc.Core;
using Isac.Core.Pki;

namespace Isac.Core.Tokens;

/// <summary>
/// A member's access tokens from the identity service: the client-credentials grant at <c>{issuer}connect/token</c>,
/// authenticated by the member's TLS client certificate (<c>tls_client_auth</c>), so every token is bound to that
/// certificate. The token is cached and renewed before it expires (when less than a third of its lifetime or 60 s is
/// left, whichever is larger, but never in its first half); concurrent callers share one request.
/// </summary>
/// <remarks>
/// The <see cref="HttpClient"/> must present the member's certificate and trust the hub CA alone
/// (<see cref="CreateHandler"/> makes such a handler); hosts may add resilience handlers around it.
/// </remarks>
public sealed class MemberTokenClient : IDisposable
{
    /// <summary>The token endpoint, relative to the issuer.</summary>
    public const string TokenEndpointPath = "connect/token";

    private static readonly TimeSpan MinimumMargin = TimeSpan.FromSeconds(60);

    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _refresh = new(1, 1);
    private CachedToken? _current;
    private int _obtained;

    /// <param name="http">Sends the token request; it must present the member's client certificate.</param>
    /// <param name="issuer">The identity service's issuer URI (https, ends with '/').</param>
    /// <param name="memberId">The member id (the OAuth client id).</param>
    /// <param name="scope">The space-separated scopes to ask for, for example <see cref="IsacScopes.Member"/>.</param>
    /// <param name="time">The clock (for tests); the system clock by default.</param>
    public MemberTokenClient(HttpClient http, Uri issuer, string memberId, string scope, TimeProvider? time = null)
        : this(http, ownsHttp: false, issuer, memberId, scope, time)
    {
    }

    private MemberTokenClient(HttpClient http, bool ownsHttp, Uri issuer, string memberId, string scope, TimeProvider? time)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(issuer);
        ArgumentException.ThrowIfNullOrWhiteSpace(memberId);
        ArgumentException.ThrowIfNullOrWhiteSpace(scope);
        if (!issuer.IsAbsoluteUri || issuer.Scheme != Uri.UriSchemeHttps)
        {
            throw new ArgumentException($"The identity service's issuer must be an absolute https URI, not '{issuer}'.", nameof(issuer));
        }

        _http = http;
        _ownsHttp = ownsHttp;
        Issuer = issuer.AbsoluteUri.EndsWith('/') ? issuer : new Uri(issuer.AbsoluteUri + "/");
        TokenEndpoint = new Uri(Issuer, TokenEndpointPath);
        MemberId = memberId;
        Scope = scope;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>The identity service's issuer URI.</summary>
    public Uri Issuer { get; }

    /// <summary>Where tokens are requested.</summary>
    public Uri TokenEndpoint { get; }

    /// <summary>The member the tokens are for.</summary>
    public string MemberId { get; }

    /// <summary>The scopes asked for.</summary>
    public string Scope { get; }

    /// <summary>How many tokens this client has obtained so far.</summary>
    public int TokensObtained => Volatile.Read(ref _obtained);

    /// <summary>
    /// A client with its own <see cref="HttpClient"/> that presents <paramref name="certificate"/> and trusts the hub
    /// CA alone (for tools and tests; hosts pass an <see cref="HttpClient"/> from their factory instead).
    /// </summary>
    public static MemberTokenClient Create(Uri issuer, string memberId, string scope, HubTrust trust, X509Certificate2 certificate, TimeProvider? time = null) =>
        new(new HttpClient(CreateHandler(trust, certificate), disposeHandler: true), ownsHttp: true, issuer, memberId, scope, time);

    /// <summary>A handler that presents <paramref name="certificate"/> and checks the server against the hub CA alone, never the system roots.</summary>
    public static SocketsHttpHandler CreateHandler(HubTrust trust, X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(trust);
        ArgumentNullException.ThrowIfNull(certificate);
        return new SocketsHttpHandler
        {
            ConnectTimeout = TimeSpan.FromSeconds(10),
            SslOptions = new SslClientAuthenticationOptions
            {
                CertificateChainPolicy = trust.CreateServerChainPolicy(),
                ClientCertificates = [certificate],
                LocalCertificateSelectionCallback = (_, _, _, _, _) => certificate,
            },
        };
    }

    /// <summary>
    /// A valid token: the cached one, or a new one when the cached one is due for renewal. If the renewal fails while
    /// the cached token is still valid, the cached token is returned (the next call tries again).
    /// </summary>
    /// <exception cref="TokenRequestException">No valid token: the identity service refused (the message names it and its error) or could not be reached.</exception>
    public async ValueTask<string> GetTokenAsync(CancellationToken cancellationToken = default)
    {
        var cached = _current;
        if (cached is not null && _time.GetUtcNow() < cached.RenewAt)
        {
            return cached.Value;
        }

        await _refresh.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Whoever waited for another caller's renewal takes its result.
            cached = _current;
            if (cached is not null && _time.GetUtcNow() < cached.RenewAt)
            {
                return cached.Value;
            }

            try
            {
                var fresh = await RequestAsync(cancellationToken).ConfigureAwait(false);
                _current = fresh;
                Interlocked.Increment(ref _obtained);
                return fresh.Value;
            }
            catch (TokenRequestException) when (cached is not null && _time.GetUtcNow() < cached.ExpiresAt)
            {
                return cached.Value;
            }
        }
        finally
        {
            _refresh.Release();
        }
    }

    /// <summary>Drops the cached token (the broker refused it), so the next call asks for a new one.</summary>
    public void Invalidate() => _current = null;

    /// <summary>gRPC call credentials that attach <c>authorization: Bearer &lt;token&gt;</c> to every call.</summary>
    /// <remarks>
    /// A refusal by the identity service fails the call with <c>Unauthenticated</c>, an unreachable identity service
    /// with <c>Unavailable</c>; the status detail names the identity service and its error.
    /// </remarks>
    public CallCredentials ToCallCredentials() => CallCredentials.FromInterceptor(AddAuthorizationAsync);

    /// <summary>Adds the authorization header to <paramref name="metadata"/> (for call-credential delegates).</summary>
    /// <exception cref="RpcException"><c>Unauthenticated</c> or <c>Unavailable</c>: no token could be obtained.</exception>
    public async Task AddAuthorizationAsync(AuthInterceptorContext context, Metadata metadata)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(metadata);
        string token;
        try
        {
            token = await GetTokenAsync(context.CancellationToken).ConfigureAwait(false);
        }
        catch (TokenRequestException e)
        {
            throw new RpcException(new Status(e.IsTransient ? StatusCode.Unavailable : StatusCode.Unauthenticated, e.Message, e));
        }

        metadata.Add("authorization", "Bearer " + token);
    }

    /// <summary>Disposes the <see cref="HttpClient"/> if this client made it.</summary>
    public void Dispose()
    {
        if (_ownsHttp)
        {
            _http.Dispose();
        }

        _refresh.Dispose();
    }

    private async Task<CachedToken> RequestAsync(CancellationToken cancellationToken)
    {
        var requestedAt = _time.GetUtcNow();
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = MemberId,
            ["scope"] = Scope,
        });
        string text;
        System.Net.HttpStatusCode status;
        string? mediaType;
        try
        {
            using var response = await _http.PostAsync(TokenEndpoint, form, cancellationToken).ConfigureAwait(false);
            status = response.StatusCode;
            mediaType = response.Content.Headers.ContentType?.MediaType;
            text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new TokenRequestException($"The identity service at {Issuer} cannot be reached for a token of member '{MemberId}': {e.Message}", null, null, isTransient: true, e);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TokenRequestException($"The identity service at {Issuer} did not answer in time for a token of member '{MemberId}'.", null, null, isTransient: true, e);
        }

        var code = (int)status;
        JsonElement body;
        try
        {
            body = mediaType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true ? JsonDocument.Parse(text).RootElement.Clone() : default;
        }
        catch (JsonException)
        {
            body = default;
        }

        if (body.ValueKind != JsonValueKind.Object)
        {
            throw new TokenRequestException($"The identity service at {Issuer} answered {code} without a JSON token response for member '{MemberId}'.", null, null, isTransient: code >= 500);
        }

        var error = Text(body, "error");
        var accessToken = Text(body, "access_token");
        if (error is not null || accessToken is null || code >= 300)
        {
            var description = Text(body, "error_description");
            throw new TokenRequestException(
                $"The identity service at {Issuer} refused a token for member '{MemberId}' ({code}): {error ?? "no access_token"}: {description}",
                error, description, isTransient: code >= 500);
        }

        var lifetime = body.TryGetProperty("expires_in", out var expires) && expires.ValueKind == JsonValueKind.Number && expires.TryGetInt64(out var seconds) && seconds > 0
            ? TimeSpan.FromSeconds(seconds)
            : throw new TokenRequestException($"The identity service at {Issuer} issued a token for member '{MemberId}' without a positive expires_in.", "invalid_response", null, isTransient: false);
        return new CachedToken(accessToken, requestedAt + lifetime - RenewalMargin(lifetime), requestedAt + lifetime);
    }

    /// <summary>How long before expiry a token is renewed: a third of its lifetime or 60 s, whichever is larger, at most half of it.</summary>
    public static TimeSpan RenewalMargin(TimeSpan lifetime)
    {
        var margin = lifetime / 3 > MinimumMargin ? lifetime / 3 : MinimumMargin;
        return margin < lifetime / 2 ? margin : lifetime / 2;
    }

    private static string? Text(JsonElement body, string name) =>
        body.TryGetProperty(name, out var value) ? value.ValueKind == JsonValueKind.String ? value.GetString() : value.ToString() : null;

    private sealed record CachedToken(string Value, DateTimeOffset RenewAt, DateTimeOffset ExpiresAt);
}
