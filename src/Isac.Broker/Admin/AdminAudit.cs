using Isac.Broker.Configuration;
using Isac.Broker.Diagnostics;
using Isac.Broker.Publishing;
using Isac.Core.Membership;
using Isac.Storage;
using Microsoft.Extensions.Options;

namespace Isac.Broker.Admin;

/// <summary>
/// Writes every admin call to the broker's audit chain (metadata only): event <c>admin-ACTION</c>, the admin
/// member as the acting member, decision <c>accepted</c> or <c>refused</c>, and a reason that starts with
/// <c>target=ID</c>, followed for a refusal by its reason token and message. Refusals are also counted and logged.
/// </summary>
internal sealed class AdminAudit(IAuditLog log, IOptions<BrokerOptions> broker, BrokerMetrics metrics, TimeProvider time, ILogger<AdminAudit> logger)
{
    /// <summary>The <c>HttpContext.Items</c> key set once a call was audited, so the outer middleware does not audit it again.</summary>
    public const string AuditedItem = "isac:admin-audited";

    /// <summary>The audit record's event type prefix.</summary>
    public const string EventPrefix = "admin-";

    private const int MaxReasonLength = 1024;

    /// <summary>Audits an accepted call; the store's failure is the caller's (the change must not look audited).</summary>
    public Task<AuditPosition> AcceptedAsync(HttpContext context, string adminMemberId, string action, string target, string detail, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Items[AuditedItem] = true;
        var named = Target(target);
        logger.AdminAccepted(adminMemberId, action, named, detail);
        return log.AppendAuditAsync(broker.Value.BrokerId, Record(adminMemberId, action, target, "accepted", detail), cancellationToken);
    }

    /// <summary>Counts, logs and audits a refusal; an audit the store cannot take is logged, not thrown.</summary>
    public async Task RefusedAsync(HttpContext context, string actorMemberId, string action, string target, string reason, string message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Items[AuditedItem] = true;
        metrics.Refused(reason);
        var named = Target(target);
        logger.AdminRefused(actorMemberId, action, named, reason, message);
        try
        {
            await log.AppendAuditAsync(broker.Value.BrokerId, Record(actorMemberId, action, target, "refused", $"{reason}: {message}"), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (PublishPipeline.IsStoreFailure(ex) || ex is OperationCanceledException)
        {
            logger.AdminRefusalNotAudited(ex, reason, actorMemberId);
        }
    }

    private AuditRecord Record(string actor, string action, string target, string decision, string detail)
    {
        var reason = detail.Length == 0 ? $"target={Target(target)}" : $"target={Target(target)}; {detail}";
        return new AuditRecord(EventPrefix + action, [], actor, 0, decision, reason.Length > MaxReasonLength ? reason[..MaxReasonLength] : reason, time.GetUtcNow());
    }

    // Only well-formed ids reach the audit and the logs verbatim; anything else a caller sent is named, not copied.
    private static string Target(string target) => MemberCards.IsValidId(target) || target.StartsWith('(') ? target : "(invalid id)";
}
