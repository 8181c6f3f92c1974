using Isac.Core.Policy;

namespace Isac.Core.Tests.Policy;

internal static class DecisionAssert
{
    public static void Allowed(PolicyDecision decision)
    {
        Assert.True(decision.IsAllowed, decision.ToString());
        Assert.Equal(DenialReason.None, decision.Reason);
    }

    /// <summary>Asserts a denial with <paramref name="reason"/> whose message names each of
    /// <paramref name="mentions"/> (the member, community or rule).</summary>
    public static void Denied(PolicyDecision decision, DenialReason reason, params string[] mentions)
    {
        Assert.False(decision.IsAllowed, "expected a denial, got: allowed");
        Assert.Equal(reason, decision.Reason);
        foreach (var mention in mentions)
        {
            Assert.Contains(mention, decision.Message, StringComparison.Ordinal);
        }
    }

    public static void Denied(RecipientResolution resolution, DenialReason reason, params string[] mentions)
    {
        Denied(resolution.Decision, reason, mentions);
        Assert.False(resolution.IsAllowed);
        Assert.Empty(resolution.Recipients);
    }
}
