using Isac.Core.Policy;

namespace Isac.Core.Tests.Policy;

public sealed class MemberIdsTests
{
    [Theory]
    [InlineData("a")]
    [InlineData("0")]
    [InlineData("cert.national")]
    [InlineData("state:ohio")]
    [InlineData("office-franklin.oh.us")]
    [InlineData("9a.b:c-d")]
    public void IsValid_AcceptsGrammar(string id)
    {
        Assert.True(MemberIds.IsValid(id));
    }

    [Fact]
    public void IsValid_Accepts64Characters_AndRefuses65()
    {
        Assert.True(MemberIds.IsValid("a" + new string('-', 63)));
        Assert.False(MemberIds.IsValid("a" + new string('-', 64)));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(".cert")]
    [InlineData(":cert")]
    [InlineData("-cert")]
    [InlineData("Cert")]
    [InlineData("cert.National")]
    [InlineData("cert national")]
    [InlineData("cert_national")]
    [InlineData("cert/national")]
    [InlineData("cert\n")]
    [InlineData("cert\0")]
    [InlineData("cért")]
    [InlineData("ｃert")] // full-width c
    public void IsValid_RefusesOthers(string? id)
    {
        Assert.False(MemberIds.IsValid(id));
    }
}
