using Isac.Core.Membership;
using Isac.Core.Tests.TestSupport;
using Isac.V1;

namespace Isac.Core.Tests.Membership;

public sealed class DirectoryVersionTrackerTests
{
    private readonly DirectoryTestChain _chain = new();

    [Fact]
    public void Verify_WithTracker_AdvancesToAcceptedVersion()
    {
        var tracker = new DirectoryVersionTracker();
        var card = _chain.SignedCard("cert.national");

        var result = _chain.Verifier.Verify(_chain.Publish(3, [card]), tracker);

        Assert.True(result.Succeeded, result.ToString());
        Assert.Equal(result.Directory.Mark, tracker.Current);
        Assert.Equal(3UL, tracker.Current!.Version);
    }

    [Fact]
    public void Verify_WithTracker_RefusesRollbackAndKeepsHigherVersion()
    {
        var tracker = new DirectoryVersionTracker();
        var card = _chain.SignedCard("cert.national");
        var v3 = _chain.Publish(3, [card]);
        Assert.True(_chain.Verifier.Verify(_chain.Publish(4, [card]), tracker).Succeeded);

        var result = _chain.Verifier.Verify(v3, tracker);

        Assert.Equal(DirectoryError.Rollback, result.Error);
        Assert.Equal(4UL, tracker.Current!.Version);
    }

    [Fact]
    public void Tracker_StartedFromPersistedMark_RefusesLowerVersion()
    {
        var card = _chain.SignedCard("cert.national");
        var v4 = _chain.Verifier.Verify(_chain.Publish(4, [card]), lastSeen: null).Directory!;
        var persisted = new DirectoryVersionMark(v4.Mark.Version, v4.Mark.SnapshotSha256);

        var restarted = new DirectoryVersionTracker(persisted);

        Assert.Equal(DirectoryError.Rollback, _chain.Verifier.Verify(_chain.Publish(2, [card]), restarted).Error);
        Assert.True(_chain.Verifier.Verify(SignedDirectorySnapshot.Parser.ParseFrom(v4.SignedSnapshotBytes.Span), restarted).Succeeded);
        Assert.Equal(DirectoryError.VersionConflict, _chain.Verifier.Verify(_chain.Publish(4, [card, _chain.SignedCard("office.ohio")]), restarted).Error);
    }

    [Fact]
    public void Advance_RechecksAgainstWhatWasAcceptedMeanwhile()
    {
        // Two snapshots verified against the same old mark; the higher one is accepted first.
        var tracker = new DirectoryVersionTracker();
        var card = _chain.SignedCard("cert.national");
        var v5 = _chain.Verifier.Verify(_chain.Publish(5, [card]), tracker.Current).Directory!;
        var v6 = _chain.Verifier.Verify(_chain.Publish(6, [card]), tracker.Current).Directory!;

        Assert.True(tracker.Advance(v6).Succeeded);
        var late = tracker.Advance(v5);

        Assert.Equal(DirectoryError.Rollback, late.Error);
        Assert.Equal(6UL, tracker.Current!.Version);
    }

    [Fact]
    public void Advance_SameSnapshotTwice_IsIdempotent()
    {
        var tracker = new DirectoryVersionTracker();
        var v5 = _chain.Verifier.Verify(_chain.Publish(5, []), tracker.Current).Directory!;

        Assert.True(tracker.Advance(v5).Succeeded);
        Assert.True(tracker.Advance(v5).Succeeded);
        Assert.Equal(v5.Mark, tracker.Current);
    }
}
