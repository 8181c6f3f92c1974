using Isac.Core.Policy;

namespace Isac.Core.Tests.Policy;

public sealed class PolicyDecisionTests
{
    [Fact]
    public void Allowed_HasNoReason()
    {
        Assert.True(PolicyDecision.Allowed.IsAllowed);
        Assert.Equal(DenialReason.None, PolicyDecision.Allowed.Reason);
    }

    [Fact]
    public void Denied_CarriesReasonAndMessage()
    {
        var decision = PolicyDecision.Denied(DenialReason.UnknownRecipient, "member 'x' is unknown");

        Assert.False(decision.IsAllowed);
        Assert.Equal(DenialReason.UnknownRecipient, decision.Reason);
        Assert.Equal("member 'x' is unknown", decision.Message);
        Assert.Equal("Denied (UnknownRecipient): member 'x' is unknown", decision.ToString());
    }

    [Fact]
    public void Denied_WithoutReasonOrMessage_IsRejected()
    {
        Assert.Throws<ArgumentException>(() => PolicyDecision.Denied(DenialReason.None, "no"));
        Assert.Throws<ArgumentException>(() => PolicyDecision.Denied(DenialReason.MalformedId, " "));
    }
}
