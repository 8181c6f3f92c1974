using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Isac.Core.Pki;

/// <summary>
/// Start-up checks of file settings shared by the hosts' option validators: each failure is added to a list as one
/// message that names the full setting (for example <c>Isac:Broker:HubCaCertificatePath</c>) and why the host
/// cannot run without it.
/// </summary>
public static class CertificateSettingChecks
{
    /// <summary>Loads the certificate at <paramref name="path"/>, or records why it cannot and returns null.</summary>
    /// <param name="path">The configured path.</param>
    /// <param name="setting">The full configuration key, for the message.</param>
    /// <param name="consequence">Why the host stops without it, e.g. "the broker does not run without it".</param>
    /// <param name="failures">Where the failure message is added.</param>
    public static X509Certificate2? LoadCertificate(string? path, string setting, string consequence, List<string> failures)
    {
        if (!RequireFile(path, setting, consequence, failures))
        {
            return null;
        }

        try
        {
            return X509CertificateLoader.LoadCertificateFromFile(path!);
        }
        catch (CryptographicException ex)
        {
            failures.Add($"{setting}: '{path}' is not a readable certificate: {ex.Message}");
            return null;
        }
    }

    /// <summary>True if <paramref name="path"/> is set and the file exists; otherwise records why not.</summary>
    /// <param name="path">The configured path.</param>
    /// <param name="setting">The full configuration key, for the message.</param>
    /// <param name="consequence">Why the host stops without it.</param>
    /// <param name="failures">Where the failure message is added.</param>
    public static bool RequireFile(string? path, string setting, string consequence, List<string> failures)
    {
        ArgumentNullException.ThrowIfNull(failures);
        if (string.IsNullOrWhiteSpace(path))
        {
            failures.Add($"{setting} is required; {consequence}.");
            return false;
        }

        if (!File.Exists(path))
        {
            failures.Add($"{setting}: file '{path}' does not exist; {consequence}.");
            return false;
        }

        return true;
    }
}
