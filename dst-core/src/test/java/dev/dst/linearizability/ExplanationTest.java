package dev.dst.linearizability;

import dev.dst.history.Operation;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExplanationTest {
    private static LinearizabilityResult staleRead() {
        return Linearizability.check(new Histories().op(0, "write", 1L).op(0, "write", 2L).op(1, "read", 1L).history,
                Models.register(0L));
    }

    @Test
    void theLongestPrefixHoldsTheOperationsThatFit() {
        Explanation x = staleRead().explanation();
        assertEquals(List.of("write", "write"), x.prefix().stream().map(Operation::f).toList());
        assertEquals(List.of("1", "2"), x.statesAfter());
        assertEquals("2", x.state());
    }

    @Test
    void theStaleReadIsTheOperationThatCannotBePlaced() {
        Explanation x = staleRead().explanation();
        assertEquals(1, x.unplaceable().size());
        Operation read = x.unplaceable().get(0).operation();
        assertEquals("read", read.f());
        assertEquals(1L, read.value());
        assertTrue(x.unplaceable().get(0).reason().contains("cannot take effect in state 2"), x.unplaceable().get(0).reason());
    }

    @Test
    void theTextNamesPrefixAndUnplaceableOperation() {
        String text = staleRead().explanation().toText();
        assertTrue(text.contains("longest linearizable prefix has 2 operations"), text);
        assertTrue(text.contains("p1 read 1"), text);
    }

    @Test
    void aValidHistoryHasNoExplanation() {
        assertNull(Linearizability.check(new Histories().op(0, "write", 1L).history, Models.register(0L)).explanation());
    }

    @Test
    void assertValidThrowsWithTheExplanation() {
        AssertionError e = org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class, () -> staleRead().assertValid());
        assertTrue(e.getMessage().contains("linearizable: false") && e.getMessage().contains("cannot be placed"), e.getMessage());
    }

    @Test
    void theFailingPartitionIsNamed() {
        Histories h = new Histories().op(0, "put", java.util.Arrays.asList("a", "1")).op(1, "put", java.util.Arrays.asList("b", "1"))
                .op(1, "get", java.util.Arrays.asList("b", "2"));
        assertEquals("key \"b\"", Linearizability.check(h.history, Models.keyValue("")).explanation().partition());
    }
}
