namespace Isac.IntegrationTests.Infrastructure;

/// <summary>A fresh temporary directory, deleted on dispose.</summary>
public sealed class TempDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("isac-test-").FullName;

    public void Dispose() => RedisServer.TryDelete(Path);
}
