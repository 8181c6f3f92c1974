using Isac.Broker.Tokens;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OpenIddict.Validation;
using OpenIddict.Validation.SystemNetHttp;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Switches on the broker's access-token checks.</summary>
public static class TokenValidationServiceCollectionExtensions
{
    /// <summary>
    /// Requires, on every call, an access token from the identity service (<see cref="TokenValidationOptions"/>,
    /// section <c>Isac:Tokens</c>) that is valid now, names this audience, is bound to the client certificate of the
    /// connection and carries the scope of the called method; otherwise the call ends with <c>Unauthenticated</c>
    /// or <c>PermissionDenied</c> and the reason (<c>Unavailable</c> if the identity service cannot be reached). The checks run first in the pipeline (a startup filter), in
    /// addition to mTLS. The identity service's signing keys come from its discovery document, fetched over TLS
    /// that trusts the hub CA alone. A missing or wrong setting stops the host at start-up.
    /// </summary>
    public static IServiceCollection AddIsacTokenValidation(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<TokenValidationOptions>()
            .BindConfiguration(TokenValidationOptions.SectionName)
            .PostConfigure(options => options.HubCaCertificatePath ??= configuration["Isac:Broker:HubCaCertificatePath"])
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TokenValidationOptions>, TokenValidationOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IssuerTrust>();
        services.TryAddEnumerable(ServiceDescriptor.Transient<IStartupFilter, TokenValidationStartupFilter>());

        services.AddOpenIddict().AddValidation(validation =>
        {
            validation.UseSystemNetHttp();
            validation.UseAspNetCore();
        });
        services.AddOptions<OpenIddictValidationOptions>().Configure<IOptions<TokenValidationOptions>, TimeProvider>((validation, options, time) =>
        {
            validation.Issuer = new Uri(options.Value.Issuer!, UriKind.Absolute);
            validation.Audiences.Add(options.Value.Audience);
            validation.TimeProvider = time;
        });
        services.AddOptions<OpenIddictValidationSystemNetHttpOptions>().Configure<IssuerTrust>((http, trust) =>
            http.HttpClientHandlerActions.Add(handler => handler.ServerCertificateCustomValidationCallback = trust.ValidateServerCertificate));
        return services;
    }
}
