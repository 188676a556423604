namespace Domain;

/// <summary>The die a character's class gives for hit points; the value is its number of faces.</summary>
public enum HitDie
{
    D6 = 6,
    D8 = 8,
    D10 = 10,
    D12 = 12,
}
