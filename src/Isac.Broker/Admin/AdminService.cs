using Grpc.Core;
using Isac.Broker.Membership;
using Isac.Broker.Publishing;
using Isac.Broker.Security;
using Isac.V1;

namespace Isac.Broker.Admin;

/// <summary>
/// The membership admin API (<c>isac.v1.Admin</c>): list, approve, rotate and revoke, for callers whose token
/// carries <c>isac.admin</c>. Approve and rotate take cards the governance root signed offline (the root key
/// never reaches the broker); a revocation is authorised by the admin token and carried by the next snapshot,
/// which the directory key signs. Every call is audited, accepted or refused.
/// </summary>
internal sealed class AdminService(MembershipAdministration administration, BrokerDirectory directory, AdminAudit audit) : V1.Admin.AdminBase
{
    public override Task<ListMembersResponse> ListMembers(ListMembersRequest request, ServerCallContext context) =>
        RunAsync(context, "list", "(roster)", async (admin, cancellationToken) =>
        {
            var response = await administration.ListAsync(cancellationToken).ConfigureAwait(false);
            return (response, $"{response.Members.Count} cards at directory version {response.DirectoryVersion}");
        });

    public override Task<MembershipChange> ApproveMember(ApproveMemberRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        return RunAsync(context, "approve", TargetOf(request.Card), (admin, cancellationToken) =>
            ChangeAsync(administration.ApproveAsync(request.Card, cancellationToken)));
    }

    public override Task<MembershipChange> RotateMember(RotateMemberRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        return RunAsync(context, "rotate", TargetOf(request.Card), (admin, cancellationToken) =>
            ChangeAsync(administration.RotateAsync(request.Card, cancellationToken)));
    }

    public override Task<MembershipChange> RevokeMember(RevokeMemberRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        return RunAsync(context, "revoke", request.MemberId, (admin, cancellationToken) =>
            ChangeAsync(administration.RevokeAsync(request, admin, cancellationToken)));
    }

    private static string TargetOf(SignedMemberCard? card) =>
        card is null ? "(no card)" : SignedCard.MemberIdOf(card) ?? "(unreadable card)";

    private static async Task<(MembershipChange Response, string Detail)> ChangeAsync(Task<(string MemberId, ulong Version)> change)
    {
        var (memberId, version) = await change.ConfigureAwait(false);
        return (new MembershipChange { MemberId = memberId, DirectoryVersion = version }, $"directory version {version}");
    }

    /// <summary>Checks the caller, runs the action, and audits the outcome either way.</summary>
    private async Task<TResponse> RunAsync<TResponse>(ServerCallContext context, string action, string target, Func<string, CancellationToken, Task<(TResponse Response, string Detail)>> body)
        where TResponse : class
    {
        ArgumentNullException.ThrowIfNull(context);
        var http = context.GetHttpContext();
        var caller = context.GetMemberId();
        var cancellationToken = context.CancellationToken;
        TResponse response;
        string detail;
        string admin;
        try
        {
            admin = await AdminCaller.RequireAdminAsync(http, caller, directory).ConfigureAwait(false);
            (response, detail) = await body(admin, cancellationToken).ConfigureAwait(false);
        }
        catch (AdminRefusedException refusal)
        {
            await audit.RefusedAsync(http, caller, action, target, refusal.Reason, refusal.Message, CancellationToken.None).ConfigureAwait(false);
            throw refusal.ToRpcException();
        }
        catch (Exception ex) when (PublishPipeline.IsStoreFailure(ex))
        {
            var refusal = AdminRefusals.StoreUnavailable("the broker's store is unavailable; a roster change already written is issued at the next directory refresh");
            await audit.RefusedAsync(http, caller, action, target, refusal.Reason, refusal.Message, CancellationToken.None).ConfigureAwait(false);
            throw refusal.ToRpcException();
        }

        try
        {
            var position = await audit.AcceptedAsync(http, admin, action, target, detail, CancellationToken.None).ConfigureAwait(false);
            if (response is MembershipChange change)
            {
                change.AuditPosition = new V1.AuditPosition { BrokerId = position.BrokerId, Sequence = position.Sequence };
            }
        }
        catch (Exception ex) when (PublishPipeline.IsStoreFailure(ex))
        {
            throw AdminRefusals.StoreUnavailable($"the call was carried out ({detail}) but the broker's store could not audit it").ToRpcException();
        }

        return response;
    }
}
