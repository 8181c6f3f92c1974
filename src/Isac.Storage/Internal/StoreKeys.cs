using System.Text.RegularExpressions;
using StackExchange.Redis;

namespace Isac.Storage.Internal;

/// <summary>
/// Every key the store uses. Keys touched by one script share a hash tag (<c>{member}</c>, <c>{sender}</c>,
/// <c>{broker}</c>, <c>{bundle}</c>) so each script stays in one Redis Cluster slot. Ids are checked against the
/// wire grammar first, so no id can carry a brace and move a key to another slot.
/// </summary>
internal static partial class StoreKeys
{
    public const int BundleIdLength = 16;

    /// <summary>The sweeper's index of pending publishes (its own slot; never in a script with other keys).</summary>
    public static readonly RedisKey PendingIndex = "isac:replay:pending";

    public static readonly RedisKey Directory = "isac:directory";

    public static RedisKey Replay(string sender, ReadOnlySpan<byte> bundleId) => $"isac:replay:{{{sender}}}:{Convert.ToHexStringLower(bundleId)}";

    public static string PendingMember(string sender, ReadOnlySpan<byte> bundleId) => $"{sender}/{Convert.ToHexStringLower(bundleId)}";

    public static RedisKey Bundle(ReadOnlySpan<byte> bundleId) => $"isac:bundle:{{{Convert.ToHexStringLower(bundleId)}}}";

    /// <summary>Sequence counter, items (sorted set by sequence), id index (hash bundle id → sequence), acknowledged-through.</summary>
    public static RedisKey[] Mailbox(string member)
    {
        var prefix = $"isac:mbx:{{{member}}}:";
        return [prefix + "seq", prefix + "items", prefix + "idx", prefix + "acked"];
    }

    public static RedisChannel WakeChannel(string member) => RedisChannel.Literal($"isac:mbx:{{{member}}}:wake");

    /// <summary>The chain (list of entries), its head (sequence and hash) and its checkpoints (list).</summary>
    public static RedisKey[] Audit(string brokerId)
    {
        var prefix = $"isac:audit:{{{brokerId}}}:";
        return [prefix + "log", prefix + "head", prefix + "checkpoints"];
    }

    /// <summary>Throws unless <paramref name="id"/> is a member (or broker) id: <c>[a-z0-9][a-z0-9.:-]{0,63}</c>.</summary>
    public static string CheckId(string id, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(id, parameterName);
        if (!IdPattern().IsMatch(id))
        {
            throw new ArgumentException($"'{id}' is not a valid id ([a-z0-9][a-z0-9.:-]{{0,63}}).", parameterName);
        }

        return id;
    }

    public static ReadOnlyMemory<byte> CheckBundleId(ReadOnlyMemory<byte> bundleId, string parameterName)
    {
        if (bundleId.Length != BundleIdLength)
        {
            throw new ArgumentException($"A bundle id is {BundleIdLength} bytes, not {bundleId.Length}.", parameterName);
        }

        return bundleId;
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9.:-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();
}
