using System.Text;
using Isac.Core.Envelope;
using Isac.Core.Labels;
using Isac.Node.LocalStore;
using Isac.V1;
using Audience = Isac.Core.Policy.Audience;

namespace Isac.Node.Tests.LocalStore;

public sealed class InboxTests : StoreFixture
{
    [Fact]
    public async Task TryAddInbox_SameIdTwice_KeepsTheFirstAndReportsTheDuplicate()
    {
        var id = BundleIds.New();

        Assert.True(await Store.TryAddInboxAsync(Samples.Bundle(id: id, payload: "first")));
        Assert.False(await Store.TryAddInboxAsync(Samples.Bundle(id: id, payload: "second")));

        var all = await Store.ListInboxAsync(InboxFilter.All);
        Assert.Single(all);
        var stored = await Store.GetInboxItemAsync(id);
        Assert.Equal("first", Encoding.UTF8.GetString(stored!.Bundle!.Payload!));
    }

    [Fact]
    public async Task GetInboxItem_RoundTripsEveryField()
    {
        var original = Samples.Bundle() with
        {
            ExerciseId = "tabletop-3",
            Audience = new Audience(["state:ohio", "election-sector"], ["vendor.example"]),
            Supersedes = BundleIds.New(),
            ForwardedFromSender = "office.example",
            MailboxSequence = 1234,
        };
        await Store.TryAddInboxAsync(original);

        var entry = await Store.GetInboxItemAsync(original.BundleId);

        Assert.NotNull(entry);
        Assert.False(entry.IsGap);
        var stored = entry.Bundle!;
        Assert.Equal(original.BundleId, stored.BundleId);
        Assert.Equal(original.Sender, stored.Sender);
        Assert.Equal(original.Label, stored.Label);
        Assert.Equal(original.Kind, stored.Kind);
        Assert.Equal(original.ContentType, stored.ContentType);
        Assert.Equal(original.ExerciseId, stored.ExerciseId);
        Assert.Equal(original.Audience, stored.Audience);
        Assert.Equal(original.CreatedAt, stored.CreatedAt);
        Assert.Equal(original.ReceivedAt, stored.ReceivedAt);
        Assert.Equal(original.Supersedes, stored.Supersedes);
        Assert.Equal(original.ForwardedFromSender, stored.ForwardedFromSender);
        Assert.Equal(original.MailboxSequence, stored.MailboxSequence);
        Assert.Equal(original.Payload, stored.Payload);
        Assert.Equal(original.Delivery, stored.Delivery);
    }

    [Fact]
    public async Task GetInboxItem_UnknownId_IsNull()
    {
        await Store.TryAddInboxAsync(Samples.Bundle());

        Assert.Null(await Store.GetInboxItemAsync(BundleIds.New()));
    }

    [Fact]
    public async Task ListInbox_IsNewestFirstAndLeavesContentOutUnlessAsked()
    {
        var first = Samples.Bundle(payload: "one");
        var second = Samples.Bundle(payload: "two");
        var third = Samples.Bundle(payload: "three");
        foreach (var bundle in new[] { first, second, third })
        {
            await Store.TryAddInboxAsync(bundle);
        }

        var listed = await Store.ListInboxAsync(InboxFilter.All);
        var withContent = await Store.ListInboxAsync(new InboxFilter(IncludeContent: true));

        Assert.Equal([third.BundleId, second.BundleId, first.BundleId], listed.Select(e => e.Bundle!.BundleId));
        Assert.True(listed[0].Position > listed[1].Position && listed[1].Position > listed[2].Position);
        Assert.All(listed, e => Assert.Null(e.Bundle!.Payload));
        Assert.All(listed, e => Assert.Null(e.Bundle!.Delivery));
        Assert.Equal("three", Encoding.UTF8.GetString(withContent[0].Bundle!.Payload!));
        Assert.NotNull(withContent[0].Bundle!.Delivery);
    }

    [Fact]
    public async Task ListInbox_FiltersByLabelKindSenderAndSince()
    {
        var redIncident = Samples.Bundle(label: Tlp.Red, kind: BundleKind.Incident, sender: "office.example", receivedAt: Start);
        var greenAdvisory = Samples.Bundle(label: Tlp.Green, kind: BundleKind.Advisory, sender: "cert.example", receivedAt: Start.AddHours(1));
        var redAdvisory = Samples.Bundle(label: Tlp.Red, kind: BundleKind.Advisory, sender: "cert.example", receivedAt: Start.AddHours(2));
        foreach (var bundle in new[] { redIncident, greenAdvisory, redAdvisory })
        {
            await Store.TryAddInboxAsync(bundle);
        }

        Assert.Equal([redAdvisory.BundleId, redIncident.BundleId], await Ids(new InboxFilter(Label: Tlp.Red)));
        Assert.Equal([redAdvisory.BundleId, greenAdvisory.BundleId], await Ids(new InboxFilter(Kind: BundleKind.Advisory)));
        Assert.Equal([redIncident.BundleId], await Ids(new InboxFilter(Sender: "office.example")));
        Assert.Equal([redAdvisory.BundleId, greenAdvisory.BundleId], await Ids(new InboxFilter(Since: Start.AddHours(1))));
        Assert.Equal([redAdvisory.BundleId], await Ids(new InboxFilter(Label: Tlp.Red, Kind: BundleKind.Advisory, Sender: "cert.example")));
        Assert.Equal([redAdvisory.BundleId], await Ids(new InboxFilter(Limit: 1)));
        Assert.Empty(await Ids(new InboxFilter(Sender: "nobody.example")));
    }

    [Fact]
    public async Task GapMarkers_AreInboxRowsListedUnderBundleFiltersButNotBeforeSince()
    {
        var before = Samples.Bundle(receivedAt: Start);
        await Store.TryAddInboxAsync(before);
        var gapPosition = await Store.AddGapAsync(new InboxGap(8, 11, "expired", Start.AddMinutes(1)));
        var after = Samples.Bundle(label: Tlp.Amber, receivedAt: Start.AddMinutes(2));
        await Store.TryAddInboxAsync(after);

        var all = await Store.ListInboxAsync(InboxFilter.All);
        var amberOnly = await Store.ListInboxAsync(new InboxFilter(Label: Tlp.Amber));
        var sinceLater = await Store.ListInboxAsync(new InboxFilter(Since: Start.AddMinutes(2)));

        Assert.Equal(3, all.Count);
        var gap = all[1];
        Assert.True(gap.IsGap);
        Assert.Equal(gapPosition, gap.Position);
        Assert.Equal(new InboxGap(8, 11, "expired", Start.AddMinutes(1)), gap.Gap);
        Assert.Equal(2, amberOnly.Count);
        Assert.Equal(after.BundleId, amberOnly[0].Bundle!.BundleId);
        Assert.True(amberOnly[1].IsGap);
        Assert.Single(sinceLater);
        Assert.False(sinceLater[0].IsGap);
    }

    [Fact]
    public async Task ListInboxAfter_ReturnsLaterRowsOldestFirstWithContent()
    {
        var first = Samples.Bundle(payload: "one");
        await Store.TryAddInboxAsync(first);
        var firstPosition = (await Store.ListInboxAsync(InboxFilter.All))[0].Position;
        var second = Samples.Bundle(payload: "two");
        await Store.TryAddInboxAsync(second);
        await Store.AddGapAsync(new InboxGap(3, 3, "expired", Start));
        var third = Samples.Bundle(payload: "three");
        await Store.TryAddInboxAsync(third);

        var after = await Store.ListInboxAfterAsync(firstPosition);
        var page = await Store.ListInboxAfterAsync(firstPosition, limit: 1);

        Assert.Equal(3, after.Count);
        Assert.Equal(second.BundleId, after[0].Bundle!.BundleId);
        Assert.Equal("two", Encoding.UTF8.GetString(after[0].Bundle!.Payload!));
        Assert.True(after[1].IsGap);
        Assert.Equal(third.BundleId, after[2].Bundle!.BundleId);
        Assert.Equal(second.BundleId, Assert.Single(page).Bundle!.BundleId);
        Assert.Empty(await Store.ListInboxAfterAsync(after[2].Position));
    }

    [Fact]
    public async Task Inbox_SurvivesReopening()
    {
        var bundle = Samples.Bundle();
        await Store.TryAddInboxAsync(bundle);

        await ReopenAsync();

        Assert.NotNull(await Store.GetInboxItemAsync(bundle.BundleId));
        Assert.False(await Store.TryAddInboxAsync(bundle));
    }

    private async Task<IEnumerable<byte[]>> Ids(InboxFilter filter) =>
        (await Store.ListInboxAsync(filter)).Select(e => e.Bundle!.BundleId);
}
