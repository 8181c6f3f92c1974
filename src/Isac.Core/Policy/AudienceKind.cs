namespace Isac.Core.Policy;

/// <summary>The kind of audience a <see cref="PublishRule"/> grants.</summary>
public enum AudienceKind
{
    /// <summary>Everyone in the directory: a TLP:CLEAR broadcast (an empty audience).</summary>
    Everyone = 1,

    /// <summary>Named communities.</summary>
    Communities = 2,

    /// <summary>Named members.</summary>
    Members = 3,
}
