namespace Isac.Core.Keys;

/// <summary>
/// Where key passphrases come from: an environment variable or a file, never a command-line argument (which
/// other local users can read from the process list and which lands in shell history).
/// </summary>
public static class Passphrases
{
    /// <summary>
    /// The passphrase from the environment variable <paramref name="environmentVariable"/> if it is set and not
    /// empty, otherwise from the file <paramref name="filePath"/> (one trailing line break removed, as editors and
    /// <c>echo</c> add one; other whitespace is part of the passphrase).
    /// </summary>
    /// <exception cref="KeyStoreException">Neither source gives a passphrase; the message names both.</exception>
    public static string Resolve(string environmentVariable, string? filePath)
    {
        ArgumentException.ThrowIfNullOrEmpty(environmentVariable);
        var fromEnvironment = Environment.GetEnvironmentVariable(environmentVariable);
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            return fromEnvironment;
        }

        if (!string.IsNullOrEmpty(filePath))
        {
            if (!File.Exists(filePath))
            {
                throw new KeyStoreException(
                    KeyStoreError.PassphraseMissing,
                    $"passphrase file {filePath} does not exist (and the environment variable {environmentVariable} is not set)",
                    filePath);
            }

            var passphrase = TrimOneLineBreak(File.ReadAllText(filePath));
            if (passphrase.Length > 0)
            {
                return passphrase;
            }

            throw new KeyStoreException(
                KeyStoreError.PassphraseMissing,
                $"passphrase file {filePath} is empty (and the environment variable {environmentVariable} is not set)",
                filePath);
        }

        throw new KeyStoreException(
            KeyStoreError.PassphraseMissing,
            $"no key passphrase: set the environment variable {environmentVariable} or configure a passphrase file");
    }

    private static string TrimOneLineBreak(string text) =>
        text.EndsWith("\r\n", StringComparison.Ordinal) ? text[..^2]
        : text.EndsWith('\n') ? text[..^1]
        : text;
}
