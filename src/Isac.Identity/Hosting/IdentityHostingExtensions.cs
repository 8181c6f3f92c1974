using Isac.Core.Tokens;
using Isac.Identity.Clients;
using Isac.Identity.Configuration;
using Isac.Identity.Security;
using Isac.Identity.Server;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OpenIddict.Server;

namespace Isac.Identity.Hosting;

/// <summary>Registers and maps the identity service: options, TLS, the member roster and the OpenIddict server.</summary>
internal static class IdentityHostingExtensions
{
    /// <summary>The token endpoint's path.</summary>
    public const string TokenEndpointPath = "connect/token";

    // EKU id-kp-clientAuth (RFC 5280): member certificates must allow TLS client authentication.
    private const string ClientAuthOid = "1.3.6.1.5.5.7.3.2";

    public static WebApplicationBuilder AddIsacIdentity(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<IdentityOptions>().BindConfiguration(IdentityOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<IdentityOptions>, IdentityOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IdentityCertificates>();
        services.TryAddSingleton<MemberRoster>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<KestrelServerOptions>, KestrelTlsSetup>());

        services.AddOpenIddict().AddServer(server =>
        {
            // Clients are the members of the root-signed roster, not rows in a database: OpenIddict's degraded
            // mode leaves client authentication to ValidateMemberClientHandler.
            server.EnableDegradedMode();
            server.SetTokenEndpointUris(TokenEndpointPath);
            server.AllowClientCredentialsFlow();
            server.RegisterScopes([.. IsacScopes.All]);
            server.UseClientCertificateBoundAccessTokens();
            // The broker validates the JWT with the published signing key; the token carries no secret.
            server.DisableAccessTokenEncryption();
            // Required by OpenIddict for the token types it could encrypt; none is issued by this service
            // (client-credentials access tokens are signed only), so an in-memory key loses nothing on restart.
            server.AddEphemeralEncryptionKey();
            server.AddEventHandler(ValidateMemberClientHandler.Descriptor);
            server.AddEventHandler(IssueMemberTokenHandler.Descriptor);
            server.UseAspNetCore();
        });
        services.AddOptions<OpenIddictServerOptions>().Configure<IOptions<IdentityOptions>, IdentityCertificates, TimeProvider>((server, options, certificates, time) =>
        {
            var settings = options.Value;
            server.Issuer = new Uri(settings.Issuer!, UriKind.Absolute);
            server.AccessTokenLifetime = settings.AccessTokenLifetime;
            server.TimeProvider = time;
            server.SigningCredentials.Add(new Microsoft.IdentityModel.Tokens.SigningCredentials(
                TokenSigningKey.LoadOrCreate(settings), Microsoft.IdentityModel.Tokens.SecurityAlgorithms.EcdsaSha256));
            // tls_client_auth (RFC 8705) against the hub CA alone: OpenIddict checks the chain with this policy (the
            // same one the broker uses), ValidateMemberClientHandler then the member. It is the only method the
            // token endpoint accepts and advertises.
            server.PublicKeyInfrastructureTlsClientAuthenticationPolicy = certificates.Trust.CreateChainPolicy(ClientAuthOid);
            server.ClientAuthenticationMethods.Clear();
            server.ClientAuthenticationMethods.Add(OpenIddict.Abstractions.OpenIddictConstants.ClientAuthenticationMethods.TlsClientAuth);
        });
        return builder;
    }

    public static WebApplication MapIsacIdentity(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        // Fail when the host is built, not at the first token request, if the settings are wrong, the roster
        // cannot be read or the signing key cannot be decrypted.
        _ = app.Services.GetRequiredService<IOptions<IdentityOptions>>().Value;
        app.Services.GetRequiredService<MemberRoster>();
        _ = app.Services.GetRequiredService<IOptions<OpenIddictServerOptions>>().Value;
        return app;
    }
}
