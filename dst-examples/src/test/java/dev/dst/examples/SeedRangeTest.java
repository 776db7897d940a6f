package dev.dst.examples;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

final class SeedRangeTest {
    @Test
    void shardsCoverTheRangeExactlyOnceInNearlyEqualParts() {
        SeedRange r = SeedRange.parse("1..1000");
        long next = 1;
        for (int k = 1; k <= 7; k++) {
            SeedRange s = r.shard(k, 7);
            assertEquals(next, s.first(), "shard " + k);
            assertTrue(s.count() == 142 || s.count() == 143, "shard " + k + " has " + s.count());
            next = s.last() + 1;
        }
        assertEquals(1001, next);
    }

    @Test
    void moreShardsThanSeedsLeavesSomeEmpty() {
        SeedRange r = SeedRange.parse("1..3");
        assertEquals(1, r.shard(1, 5).count());
        assertEquals(0, r.shard(5, 5).count());
    }

    @Test
    void badShardsAreRejectedWithTheExpectedForm() {
        for (String bad : new String[] {"0/4", "5/4", "1", "a/b", "1/0", "1/2/3"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SeedRange.parseShard(bad), bad);
            assertTrue(e.getMessage().contains("expected K/N"), e.getMessage());
        }
    }
}
