using Isac.Core.Policy;

namespace Isac.Core.Tests.Policy;

public sealed class AudienceTests
{
    [Fact]
    public void Ids_AreDeduplicatedAndSortedOrdinally()
    {
        var audience = new Audience(["state:ohio", "election-sector", "state:ohio"], ["b", "a", "b"]);

        Assert.Equal(["election-sector", "state:ohio"], audience.Communities);
        Assert.Equal(["a", "b"], audience.Members);
    }

    [Fact]
    public void Equality_IgnoresOrder_ButNotContent()
    {
        var one = new Audience(["x", "y"], ["m"]);
        var two = new Audience(["y", "x"], ["m"]);
        var other = new Audience(["x", "y"], ["n"]);
        var swapped = new Audience(["m"], ["x", "y"]);

        Assert.Equal(one, two);
        Assert.Equal(one.GetHashCode(), two.GetHashCode());
        Assert.NotEqual(one, other);
        Assert.NotEqual(one, swapped);
    }

    [Fact]
    public void Everyone_IsEmpty_AndOthersAreNot()
    {
        Assert.True(Audience.Everyone.IsEmpty);
        Assert.Equal(Audience.Everyone, new Audience([], []));
        Assert.False(Audience.OfCommunities("x").IsEmpty);
        Assert.False(Audience.OfMembers("m").IsEmpty);
    }

    [Fact]
    public void NullId_IsRejected()
    {
        Assert.Throws<ArgumentException>(() => Audience.OfMembers("a", null!));
    }

    [Fact]
    public void FromWire_CopiesCommunitiesAndMembers()
    {
        var wire = new Isac.V1.Audience { Communities = { "vendors", "state:ohio" }, Members = { "cert.national" } };

        Assert.Equal(new Audience(["state:ohio", "vendors"], ["cert.national"]), Audience.FromWire(wire));
        Assert.Equal(Audience.Everyone, Audience.FromWire(null));
    }

    [Fact]
    public void ToString_ListsIds()
    {
        Assert.Equal(
            "Audience { Communities = [state:ohio], Members = [a, b] }",
            new Audience(["state:ohio"], ["b", "a"]).ToString());
    }
}
