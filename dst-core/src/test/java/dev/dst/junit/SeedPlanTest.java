package dev.dst.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dst.entropy.Seeds;
import dev.dst.entropy.SplitMix64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which seeds a simulation test runs, and in which order. */
final class SeedPlanTest {
    private static final String ID = "com.example.RaftTest#oneLeader";

    private static List<Long> seeds(SeedPlan plan) {
        return plan.entries().stream().map(SeedPlan.Entry::seed).toList();
    }

    @Test
    void theAnnotatedCountOfSeedsIsDerivedFromTheTestsName() {
        SeedPlan plan = SeedPlan.of(ID, null, null, null, 3, List.of());
        long base = SplitMix64.hashName(ID);
        assertEquals(List.of(Seeds.derive(base, 0), Seeds.derive(base, 1), Seeds.derive(base, 2)), seeds(plan));
        assertEquals("seed " + Seeds.format(Seeds.derive(base, 0)) + " [1/3]", plan.entries().get(0).label());
    }

    @Test
    void differentTestsGetDifferentSeeds() {
        assertNotEquals(seeds(SeedPlan.of(ID, null, null, null, 1, List.of())),
                seeds(SeedPlan.of(ID + "2", null, null, null, 1, List.of())));
    }

    @Test
    void aReplaySeedIsTheOnlySeed() {
        SeedPlan plan = SeedPlan.of(ID, "0x1f3a", "500", null, 100, List.of(7L));
        assertEquals(List.of(0x1f3aL), seeds(plan));
        assertEquals("seed 0x1f3a (replay)", plan.entries().get(0).label());
    }

    @Test
    void failedSeedsComeFirstAndAreNotRepeated() {
        long derived = Seeds.derive(SplitMix64.hashName(ID), 1);
        SeedPlan plan = SeedPlan.of(ID, null, null, null, 3, List.of(99L, derived, 99L));
        List<Long> s = seeds(plan);
        assertEquals(List.of(99L, derived), s.subList(0, 2));
        assertEquals(4, s.size(), "99, the derived seed once, and the other two derived seeds");
        assertEquals("seed 0x63 (failed before)", plan.entries().get(0).label());
    }

    @Test
    void aCountOverrideReplacesTheAnnotatedCount() {
        assertEquals(5, SeedPlan.of(ID, null, "5", null, 100, List.of()).entries().size());
        assertEquals(10_000, SeedPlan.of(ID, null, "10_000", null, 1, List.of()).entries().size());
    }

    @Test
    void aBadCountOverrideSaysWhatIsExpected() {
        for (String bad : List.of("many", "0", "-3")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> SeedPlan.of(ID, null, bad, null, 1, List.of()));
            assertTrue(e.getMessage().contains("-Ddst.seeds='" + bad + "'") && e.getMessage().contains("positive whole number"), e.getMessage());
        }
    }

    @Test
    void aSeedBaseShiftsTheDerivedSeeds() {
        assertNotEquals(seeds(SeedPlan.of(ID, null, null, null, 2, List.of())),
                seeds(SeedPlan.of(ID, null, null, "1", 2, List.of())));
    }

    @Test
    void unsetMavenPropertiesCountAsAbsent() {
        SeedPlan plan = SeedPlan.of(ID, "${dst.seed}", "${dst.seeds}", "", 2, List.of());
        assertEquals(seeds(SeedPlan.of(ID, null, null, null, 2, List.of())), seeds(plan));
    }
}
