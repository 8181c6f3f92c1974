using Microsoft.Extensions.Options;

namespace Isac.Broker.Tokens;

/// <summary>Refuses to start with token checks that could not work: no issuer, no audience, no hub CA.</summary>
internal sealed class TokenValidationOptionsValidator : IValidateOptions<TokenValidationOptions>
{
    public ValidateOptionsResult Validate(string? name, TokenValidationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (!Uri.TryCreate(options.Issuer, UriKind.Absolute, out var issuer) || issuer.Scheme != Uri.UriSchemeHttps)
        {
            failures.Add($"{TokenValidationOptions.Setting(nameof(TokenValidationOptions.Issuer))} must be the identity service's absolute https issuer URI (got '{options.Issuer}'); token checks cannot be switched off.");
        }

        if (string.IsNullOrWhiteSpace(options.Audience))
        {
            failures.Add($"{TokenValidationOptions.Setting(nameof(TokenValidationOptions.Audience))} must not be empty.");
        }

        if (string.IsNullOrWhiteSpace(options.HubCaCertificatePath) || !File.Exists(options.HubCaCertificatePath))
        {
            failures.Add($"{TokenValidationOptions.Setting(nameof(TokenValidationOptions.HubCaCertificatePath))} (or Isac:Broker:HubCaCertificatePath) must name the hub CA certificate file (got '{options.HubCaCertificatePath}').");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
