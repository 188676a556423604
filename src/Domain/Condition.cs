namespace Domain;

/// <summary>Where a character stands, derived from hit points and death saving throws.</summary>
public enum Condition
{
    /// <summary>Above 0 hit points.</summary>
    Conscious,

    /// <summary>At 0 hit points and making death saving throws.</summary>
    Unconscious,

    /// <summary>At 0 hit points after three successful death saving throws.</summary>
    Stable,

    /// <summary>Three failed death saving throws, or massive damage.</summary>
    Dead,
}
