using System.Globalization;

namespace Domain.Tests;

public sealed class CharacterLogTests
{
    [Fact]
    public void Given_a_critical_multi_part_hit_When_described_Then_the_line_shows_parts_source_critical_and_loss()
    {
        var damage = new DamageTaken(
            [new DamagePart(7, DamageType.Slashing, 7), new DamagePart(4, DamageType.Fire, 2, DamageAdjustment.Resisted)], true, "an ogre", null, 9, 3, 6);

        Assert.Equal("7 slashing + 4 fire (resisted: 2) from an ogre (critical): 3 absorbed by temporary HP, 6 HP lost", CharacterLog.Describe(damage));
    }

    [Theory]
    [MemberData(nameof(Lines))]
    public void Given_an_event_When_described_Then_the_DM_reads_what_happened(CharacterEvent @event, string line)
    {
        Assert.Equal(line, CharacterLog.Describe(@event));
    }

    public static TheoryData<CharacterEvent, string> Lines() => new()
    {
        { new DeathSaveRecorded(DeathSaveOutcome.CriticalSuccess, DeathSaveCause.Roll, 20), "death save: rolled 20, regains 1 HP" },
        { new DeathSaveRecorded(DeathSaveOutcome.Failure, DeathSaveCause.Roll, 1, 2), "death save: rolled 1, 2 failures" },
        { new DeathSaveRecorded(DeathSaveOutcome.Success, DeathSaveCause.Roll, 12), "death save: rolled 12, success" },
        { new DeathSaveRecorded(DeathSaveOutcome.Failure, DeathSaveCause.Damage, null, 2), "2 failed death saves (critical hit at 0 HP)" },
        { new DeathSaveRecorded(DeathSaveOutcome.Failure, DeathSaveCause.Roll), "death save: failure" },
        { new TemporaryHitPointsGranted(5, null, false, 5), "granted 5 temporary HP (now 5)" },
        { new TemporaryHitPointsGranted(3, "False Life", false, 5), "offered 3 temporary HP from False Life, kept 5" },
        { new Healed(10, 4, "Cure Wounds"), "healed 10 from Cure Wounds: 4 HP restored" },
        { new CharacterStabilized(StabilizationMethod.MedicineCheck, "Jozan", 14), "stabilised by a Wisdom (Medicine) check of 14 by Jozan" },
        { new CharacterStabilized(StabilizationMethod.KnockedOut, "Regdar"), "knocked out from Regdar: unconscious and stable" },
        { new RecoveredFromStability(3), "regained 1 HP after 3 hours stable" },
        { new CharacterRevived("Revivify", 1), "revived by Revivify with 1 HP" },
        { new CharacterDied(DeathCause.HitPointMaximumReducedToZero), "died: hit point maximum reduced to 0" },
        { new HitDiceSpent([7, 3], 2, 14), "spent 2 Hit Dice (rolled 7, 3, Constitution +2): 14 HP restored" },
        { new LongRestTaken(5, 2, 6), "long rest: 5 HP restored, 2 Hit Dice restored, maximum reduction of 6 ended" },
        { new LevelGained(2, 8, 0), "reached level 2: maximum +8, 0 HP gained" },
        { new ConstitutionModifierChanged(0, -7, -7), "Constitution modifier now 0: maximum -7, HP -7" },
        { new MaximumHitPointsReduced(5, "wight", 3), "maximum reduced by 5 from wight until a long rest, 3 HP lost" },
        { new DefenseGained(Defense.Resistance, [DamageType.Bludgeoning, DamageType.Slashing], "rage"), "gained resistance to bludgeoning, slashing from rage" },
    };

    [Fact]
    public void Given_a_culture_with_other_signs_When_described_Then_numbers_are_invariant()
    {
        var culture = CultureInfo.CurrentCulture;
        var odd = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        odd.NumberFormat.NegativeSign = "~";
        odd.NumberFormat.PositiveSign = "#";
        try
        {
            CultureInfo.CurrentCulture = odd;

            Assert.Equal(
                "created with 1000 HP, level 3, Hit Die d12, Constitution -1, immune to poison",
                CharacterLog.Describe(Given.Created(1000, immune: [DamageType.Poison], level: 3, hitDie: HitDie.D12, constitution: -1)));
            Assert.Equal("reached level 2: maximum +8, 8 HP gained", CharacterLog.Describe(new LevelGained(2, 8, 8)));

            // Not a valid event, but the only way to print a bare negative number.
            Assert.Equal("regained 1 HP after -2 hours stable", CharacterLog.Describe(new RecoveredFromStability(-2)));
        }
        finally
        {
            CultureInfo.CurrentCulture = culture;
        }
    }

    [Fact]
    public void Given_every_event_type_When_described_Then_none_falls_back_to_its_type_name()
    {
        var types = typeof(CharacterEvent).Assembly.GetTypes().Where(t => t.IsSubclassOf(typeof(CharacterEvent)));
        var described = Lines().Select(row => row[0].GetType())
            .Concat([typeof(DamageTaken), typeof(CharacterCreated), typeof(MaximumHitPointsIncreased), typeof(MaximumHitPointsIncreaseEnded), typeof(DefenseLost)]);

        Assert.Empty(types.Except(described));
        Assert.Equal("maximum and current HP +5 from Aid", CharacterLog.Describe(new MaximumHitPointsIncreased(5, "Aid")));
        Assert.Equal("Aid ended: maximum -5, 2 HP lost", CharacterLog.Describe(new MaximumHitPointsIncreaseEnded("Aid", 5, 2)));
        Assert.Equal("lost immunity to fire from Fire Shield", CharacterLog.Describe(new DefenseLost(Defense.Immunity, [DamageType.Fire], "Fire Shield")));
    }
}
