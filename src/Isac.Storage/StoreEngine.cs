namespace Isac.Storage;

/// <summary>The RESP server behind the store; both run the same commands and scripts.</summary>
public enum StoreEngine
{
    /// <summary>Redis 7 (or a compatible server that is not Garnet).</summary>
    Redis = 1,

    /// <summary>Microsoft Garnet, embedded or external.</summary>
    Garnet = 2,
}
