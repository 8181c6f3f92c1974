using Isac.Core.Keys;

namespace Isac.Core.Tests.Keys;

public sealed class PassphrasesTests : IDisposable
{
    // A variable name of its own per test instance, so parallel tests never see each other's values.
    private readonly string _variable = "ISAC_TEST_PASSPHRASE_" + Guid.NewGuid().ToString("N");
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("isac-passphrase-");

    [Fact]
    public void Resolve_EnvironmentVariableSet_WinsOverTheFile()
    {
        var file = WriteFile("from file\n");
        Environment.SetEnvironmentVariable(_variable, "from environment");

        Assert.Equal("from environment", Passphrases.Resolve(_variable, file));
    }

    [Fact]
    public void Resolve_FileOnly_DropsOneTrailingLineBreakAndKeepsOtherWhitespace()
    {
        var file = WriteFile(" spaced passphrase \r\n");

        Assert.Equal(" spaced passphrase ", Passphrases.Resolve(_variable, file));
    }

    [Fact]
    public void Resolve_NeitherSource_NamesTheEnvironmentVariableAndTheFileOption()
    {
        var error = Assert.Throws<KeyStoreException>(() => Passphrases.Resolve(_variable, null));

        Assert.Equal(KeyStoreError.PassphraseMissing, error.Error);
        Assert.Contains(_variable, error.Message, StringComparison.Ordinal);
        Assert.Contains("passphrase file", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_MissingFile_NamesTheFileAndTheEnvironmentVariable()
    {
        var file = Path.Combine(_directory.FullName, "absent");

        var error = Assert.Throws<KeyStoreException>(() => Passphrases.Resolve(_variable, file));

        Assert.Equal(KeyStoreError.PassphraseMissing, error.Error);
        Assert.Contains(file, error.Message, StringComparison.Ordinal);
        Assert.Contains(_variable, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_EmptyFile_IsRefused()
    {
        var file = WriteFile("\n");

        var error = Assert.Throws<KeyStoreException>(() => Passphrases.Resolve(_variable, file));

        Assert.Equal(KeyStoreError.PassphraseMissing, error.Error);
    }

    public void Dispose()
    {
        Environment.SetEnvironmentVariable(_variable, null);
        _directory.Delete(recursive: true);
    }

    private string WriteFile(string content)
    {
        var path = Path.Combine(_directory.FullName, "passphrase");
        File.WriteAllText(path, content);
        return path;
    }
}
