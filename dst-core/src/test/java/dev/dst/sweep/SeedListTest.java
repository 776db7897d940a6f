package dev.dst.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dst.entropy.Seeds;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

final class SeedListTest {
    @Test
    void aCountMeansOneToN() {
        SeedList l = SeedList.parse("1000");
        assertEquals(1000, l.size());
        assertEquals(1, l.seed(0));
        assertEquals(1000, l.seed(999));
        assertEquals("1..1000", l.spec());
    }

    @Test
    void shardsCoverTheListExactlyOnceInNearlyEqualParts() {
        SeedList r = SeedList.parse("1..1000");
        long next = 1;
        for (int k = 1; k <= 7; k++) {
            SeedList s = r.shard(new Shard(k, 7));
            assertEquals(next, s.seed(0), "shard " + k);
            assertTrue(s.size() == 142 || s.size() == 143, "shard " + k + " has " + s.size());
            next = s.seed(s.size() - 1) + 1;
        }
        assertEquals(1001, next);
    }

    @Test
    void derivedSeedsShardExactlyToo() {
        SeedList whole = SeedList.derived(0x1234, 101);
        Set<Long> seen = new HashSet<>();
        for (int k = 1; k <= 3; k++) {
            SeedList s = whole.shard(new Shard(k, 3));
            for (long i = 0; i < s.size(); i++) {
                assertTrue(seen.add(s.seed(i)), "a seed in two shards");
                assertEquals(whole.seed(((SeedList.Slice) s).wholeIndex(i)), s.seed(i));
            }
        }
        assertEquals(101, seen.size());
    }

    @Test
    void moreShardsThanSeedsLeavesSomeEmpty() {
        SeedList r = SeedList.parse("1..3");
        assertEquals(1, r.shard(new Shard(1, 5)).size());
        assertEquals(0, r.shard(new Shard(5, 5)).size());
    }

    @Test
    void badShardsAreRejectedWithTheExpectedForm() {
        for (String bad : new String[] {"0/4", "5/4", "1", "a/b", "1/0", "1/2/3", "", "/"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Shard.parse(bad, "--shard"), bad);
            assertTrue(e.getMessage().contains("expected K/N"), e.getMessage());
        }
    }

    @Test
    void rangesTooLargeToCountAreRefusedInsteadOfOverflowing() {
        for (String bad : new String[] {"0..0xffffffffffffffff", "1..0x8000000000000001", "0..0x7fffffffffffffff"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SeedList.parse(bad), bad);
            assertTrue(e.getMessage().contains("at most"), e.getMessage());
        }
        assertEquals(Long.MAX_VALUE, SeedList.parse("1..0x7fffffffffffffff").size());
    }

    @Test
    void aHugeRangeCostsNothingUntilItRuns() {
        SeedList l = SeedList.parse("1..1000000000000");
        assertEquals(1_000_000_000_000L, l.size());
        assertEquals(1_000_000_000_000L, l.seed(l.size() - 1));
        assertEquals(500_000_000_001L, l.shard(new Shard(2, 2)).seed(0));
    }

    @Test
    void rangesOfHexSeedsCompareUnsigned() {
        SeedList l = SeedList.parse("0xfffffffffffffffe..0xffffffffffffffff");
        assertEquals(2, l.size());
        assertEquals("0xffffffffffffffff", Seeds.format(l.seed(1)));
    }

    @Test
    void badRangesSayWhatIsExpected() {
        for (String bad : new String[] {"9..3", "banana", "0", "-5", "1..", "..5", "1...5"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SeedList.parse(bad), bad);
            assertTrue(e.getMessage().startsWith("bad --seeds '" + bad + "'"), e.getMessage());
        }
    }
}
