using System.Runtime.Versioning;
using System.Text;
using Isac.Core.Envelope;
using Isac.Core.Membership;
using Isac.Node.LocalStore;
using Microsoft.Data.Sqlite;

namespace Isac.Node.Tests.LocalStore;

public sealed class StateTests : StoreFixture
{
    private static readonly string HashA = new('a', 64);
    private static readonly string HashB = new('b', 64);

    [Fact]
    public async Task Quarantine_KeepsReasonMessageAndBytes_NewestFirst_IgnoringARedelivery()
    {
        var first = new QuarantineEntry(41, nameof(EnvelopeError.BadSignature), "the header signature does not verify", Start, [0x01, 0x02]);
        var second = new QuarantineEntry(42, nameof(EnvelopeError.CommitmentMismatch), "key commitment differs", Start.AddSeconds(1), [0x03]);

        Assert.True(await Store.TryAddQuarantineAsync(first));
        Assert.True(await Store.TryAddQuarantineAsync(second));
        Assert.False(await Store.TryAddQuarantineAsync(first with { Message = "again" }));

        var listed = await Store.ListQuarantineAsync();
        Assert.Equal(2, listed.Count);
        Assert.Equal(42UL, listed[0].Sequence);
        Assert.Equal("CommitmentMismatch", listed[0].Reason);
        Assert.Equal(first.Message, listed[1].Message);
        Assert.Equal(first.Delivery, listed[1].Delivery);
        Assert.Equal(first.ReceivedAt, listed[1].ReceivedAt);
        Assert.Empty(await Store.ListInboxAsync(InboxFilter.All));
    }

    [Fact]
    public async Task Cursor_StartsAtZero_AdvancesNeverBack_AndSurvivesReopening()
    {
        Assert.Equal(0UL, await Store.GetCursorAsync());

        Assert.Equal(10UL, await Store.AdvanceCursorAsync(10));
        Assert.Equal(10UL, await Store.AdvanceCursorAsync(4));
        Assert.Equal(12UL, await Store.AdvanceCursorAsync(12));
        await ReopenAsync();

        Assert.Equal(12UL, await Store.GetCursorAsync());
    }

    [Fact]
    public async Task Directory_RoundTripsMarkAndSnapshotAcrossReopening()
    {
        Assert.Null(await Store.GetDirectoryAsync());
        var snapshot = Encoding.UTF8.GetBytes("signed snapshot v3");

        await Store.SaveDirectoryAsync(new StoredDirectory(new DirectoryVersionMark(3, HashA), snapshot));
        await ReopenAsync();

        var stored = await Store.GetDirectoryAsync();
        Assert.Equal(new DirectoryVersionMark(3, HashA), stored!.Mark);
        Assert.Equal(snapshot, stored.SignedSnapshot);
    }

    [Fact]
    public async Task Directory_LowerVersionOrSameVersionWithOtherBytes_IsRefused()
    {
        await Store.SaveDirectoryAsync(new StoredDirectory(new DirectoryVersionMark(5, HashA), [0x05]));

        await Assert.ThrowsAsync<InvalidOperationException>(() => Store.SaveDirectoryAsync(new StoredDirectory(new DirectoryVersionMark(4, HashB), [0x04])));
        await Assert.ThrowsAsync<InvalidOperationException>(() => Store.SaveDirectoryAsync(new StoredDirectory(new DirectoryVersionMark(5, HashB), [0x55])));
        await Store.SaveDirectoryAsync(new StoredDirectory(new DirectoryVersionMark(6, HashB), [0x06]));

        Assert.Equal(new DirectoryVersionMark(6, HashB), (await Store.GetDirectoryAsync())!.Mark);
    }

    [Fact]
    public async Task Open_UsesWalAndRecordsTheSchemaVersion()
    {
        Assert.Equal(NodeStoreSchema.CurrentVersion, await Store.GetSchemaVersionAsync());
        await using var connection = new SqliteConnection($"Data Source={Store.DatabasePath};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode;";
        Assert.Equal("wal", (string?)await command.ExecuteScalarAsync());
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public void Open_CreatesTheDatabaseOwnerOnly()
    {
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Store.DatabasePath));
    }

    [Fact]
    public async Task Open_DatabaseFromANewerNode_IsRefused()
    {
        await Store.DisposeAsync();
        await using (var connection = new SqliteConnection($"Data Source={Store.DatabasePath};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "UPDATE schema_version SET version = 99;";
            await command.ExecuteNonQueryAsync();
        }

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => NodeStore.OpenAsync(DataDirectory.FullName, Time));

        Assert.Contains("schema version 99", error.Message, StringComparison.Ordinal);
    }
}
