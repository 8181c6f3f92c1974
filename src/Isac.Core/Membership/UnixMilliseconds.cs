namespace Isac.Core.Membership;

/// <summary>
/// Wire timestamps (int64 Unix milliseconds, UTC) to <see cref="DateTimeOffset"/> and back. Signed input may
/// carry any int64, and <see cref="DateTimeOffset.FromUnixTimeMilliseconds"/> throws outside years 1 to 9999,
/// so parsing is a Try that turns an out-of-range value into a refusal instead of an exception.
/// </summary>
internal static class UnixMilliseconds
{
    private static readonly long Min = DateTimeOffset.MinValue.ToUnixTimeMilliseconds();
    private static readonly long Max = DateTimeOffset.MaxValue.ToUnixTimeMilliseconds();

    public static bool TryToDateTimeOffset(long milliseconds, out DateTimeOffset value)
    {
        if (milliseconds < Min || milliseconds > Max)
        {
            value = default;
            return false;
        }

        value = DateTimeOffset.FromUnixTimeMilliseconds(milliseconds);
        return true;
    }

    public static long From(DateTimeOffset value) => value.ToUnixTimeMilliseconds();
}
