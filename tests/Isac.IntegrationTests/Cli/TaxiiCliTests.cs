using System.Net;
using System.Text.Json.Nodes;
using Isac.Core.Labels;
using Isac.IntegrationTests.Taxii;

namespace Isac.IntegrationTests.Cli;

/// <summary>
/// A node whose TAXII server was switched on with <c>isac node run --taxii-port</c>, and users made with
/// <c>isac taxii user add</c>: real broker, real nodes, real HTTPS with the CLI-issued certificate.
/// </summary>
public sealed class TaxiiCliTests(TaxiiCliFixture fixture) : IClassFixture<TaxiiCliFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task CliProvisionedPasswordUser_ListsCollections_AndGetsWhatTheMemberReceived()
    {
        var indicator = TaxiiStix.Indicator(TlpMarkings.Green);
        var id = indicator["id"]!.GetValue<string>();
        var file = Path.Combine(fixture.HomeDirectory, "..", $"bundle-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, new JsonObject { ["type"] = "bundle", ["id"] = $"bundle--{Guid.NewGuid()}", ["objects"] = new JsonArray(indicator) }.ToJsonString());
        var publish = await CliRun.RunAsync("publish", "--node", fixture.CertNode, "--tlp", "GREEN", "--to", "member:" + TaxiiCliFixture.Member, "--kind", "indicator", file);
        Assert.True(publish.ExitCode == 0, publish.ToString());

        using var misp = fixture.Client(TaxiiClient.Basic("misp", fixture.MispPassword));
        var deadline = DateTimeOffset.UtcNow + Patience;
        TaxiiResponse page;
        while (true)
        {
            page = await misp.GetAsync(TaxiiStix.ObjectsPath("tlp-green", "match[id]=" + id));
            Assert.True(page.Status == HttpStatusCode.OK, page.Text);
            if (page.Json.GetProperty("objects").GetArrayLength() > 0)
            {
                break;
            }

            Assert.True(DateTimeOffset.UtcNow < deadline, $"the indicator did not reach the office's TAXII server within {Patience}");
            await Task.Delay(200);
        }

        Assert.Equal(indicator.ToJsonString(), Assert.Single(page.Json.GetProperty("objects").EnumerateArray()).GetRawText());
        var collections = await misp.GetAsync("/taxii2/api/collections/");
        Assert.Equal(HttpStatusCode.OK, collections.Status);
        var listed = collections.Json.GetProperty("collections").EnumerateArray().ToDictionary(c => c.GetProperty("alias").GetString()!);
        Assert.True(listed["tlp-green"].GetProperty("can_read").GetBoolean());
        Assert.True(listed["outbox"].GetProperty("can_write").GetBoolean(), "misp was added with --write-outbox");
    }

    [Fact]
    public async Task CliProvisionedPasswordUser_PostsToTheOutbox_PublishedWithTheCliOutboxSettings()
    {
        using var misp = fixture.Client(TaxiiClient.Basic("misp", fixture.MispPassword));
        var posting = await misp.PostAsync(TaxiiStix.ObjectsPath("outbox"), TaxiiStix.Envelope([TaxiiStix.Indicator(TlpMarkings.Green).ToJsonString()]));
        Assert.True(posting.Status == HttpStatusCode.Accepted, posting.Text);

        var status = await misp.WaitForCompleteAsync(posting, Patience);

        // --taxii-outbox-label GREEN --taxii-outbox-member cert-national: a GREEN object to a member cleared for it.
        Assert.True(status.Json.GetProperty("success_count").GetInt32() == 1, status.Text);
    }

    [Fact]
    public async Task CliProvisionedTokenUser_ReadsOnlyTheLabelsItWasGiven()
    {
        using var opencti = fixture.Client(TaxiiClient.Bearer(fixture.OpenCtiToken));
        Assert.Equal(HttpStatusCode.OK, (await opencti.GetAsync(TaxiiStix.ObjectsPath("tlp-green"))).Status);
        (await opencti.GetAsync(TaxiiStix.ObjectsPath("tlp-amber"))).AssertError(HttpStatusCode.Forbidden);
        (await opencti.PostAsync(TaxiiStix.ObjectsPath("outbox"), TaxiiStix.Envelope([TaxiiStix.Indicator(TlpMarkings.Green).ToJsonString()]))).AssertError(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task WrongPassword_OtherUsersPassword_AndWrongToken_AreRefusedWith401()
    {
        foreach (var authorization in new[]
        {
            TaxiiClient.Basic("misp", fixture.MispPassword + "x"),
            TaxiiClient.Basic("misp", fixture.OpenCtiToken),
            TaxiiClient.Basic("opencti", fixture.MispPassword),
            TaxiiClient.Bearer(fixture.MispPassword),
        })
        {
            using var client = fixture.Client(authorization);
            (await client.GetAsync("/taxii2/api/collections/")).AssertError(HttpStatusCode.Unauthorized);
        }
    }

    [Fact]
    public async Task UsersFile_HoldsOnlyHashes_NeverTheSecrets_AndOnlyItsOwnerMayReadIt()
    {
        var path = Path.Combine(fixture.HomeDirectory, "members", TaxiiCliFixture.Member, "taxii-users.json");
        var text = await File.ReadAllTextAsync(path);
        foreach (var secret in fixture.Secrets)
        {
            Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
        }

        Assert.Contains("pbkdf2-sha256$600000$", text, StringComparison.Ordinal);
        Assert.Contains(TaxiiClient.TokenHash(fixture.OpenCtiToken), text, StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }

        // Nothing else the CLI wrote holds a secret either.
        foreach (var file in Directory.EnumerateFiles(fixture.HomeDirectory, "*", SearchOption.AllDirectories).Where(f => !f.Contains(Path.DirectorySeparatorChar + "store" + Path.DirectorySeparatorChar, StringComparison.Ordinal)))
        {
            var bytes = await File.ReadAllBytesAsync(file);
            foreach (var secret in fixture.Secrets)
            {
                Assert.True(bytes.AsSpan().IndexOf(System.Text.Encoding.UTF8.GetBytes(secret)) < 0, $"{file} holds a secret");
            }
        }
    }

    [Fact]
    public async Task UserList_ShowsTheUsersWithoutSecrets()
    {
        var list = await CliRun.RunAsync(fixture.Common("taxii", "user", "list", "--member", TaxiiCliFixture.Member));
        Assert.True(list.ExitCode == 0, list.ToString());
        Assert.Contains("misp", list.Output, StringComparison.Ordinal);
        Assert.Contains("opencti", list.Output, StringComparison.Ordinal);
        Assert.Contains("bearer token", list.Output, StringComparison.Ordinal);
        Assert.Contains(TlpLabels.ToLabelString(Tlp.AmberStrict), list.Output, StringComparison.Ordinal);
        Assert.Contains("2 TAXII user(s)", list.Output, StringComparison.Ordinal);
        foreach (var secret in fixture.Secrets)
        {
            Assert.DoesNotContain(secret, list.Output, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("pbkdf2", list.Output, StringComparison.Ordinal);
    }
}
