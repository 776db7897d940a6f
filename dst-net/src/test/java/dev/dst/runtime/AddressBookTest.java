package dev.dst.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

final class AddressBookTest {

    @Test
    void aBookParsesFromTheTextItPrints() {
        AddressBook book = AddressBook.parse("n0=10.0.0.1:7000, n1=db.example:7001,n2=[::1]:7002");
        assertEquals(3, book.size());
        assertEquals("db.example", book.entry(1).host());
        assertEquals("::1", book.entry(2).host());
        assertEquals(2, book.idOf("n2"));
        assertEquals("n0=10.0.0.1:7000,n1=db.example:7001,n2=[::1]:7002", book.toString());
        assertEquals(book, AddressBook.parse(book.toString()));
        assertEquals(book.fingerprint(), AddressBook.parse(book.toString()).fingerprint());
    }

    @Test
    void twoDifferentBooksHaveDifferentFingerprints() {
        assertNotEquals(AddressBook.parse("n0=127.0.0.1:7000,n1=127.0.0.1:7001").fingerprint(),
                AddressBook.parse("n0=127.0.0.1:7000,n1=127.0.0.1:7002").fingerprint());
    }

    @Test
    void aBadEntryIsRefusedWithTheInputAndTheExpectedForm() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AddressBook.parse("n0=127.0.0.1:7000,n1:7001"));
        assertTrue(e.getMessage().contains("'n1:7001'") && e.getMessage().contains("name=host:port"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> AddressBook.parse("n0=h:port"));
        assertTrue(e.getMessage().contains("'port' is not a number"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> AddressBook.parse("n0=h:1,n0=h:2"));
        assertTrue(e.getMessage().contains("'n0' appears twice"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> AddressBook.parse("n0=h:1").idOf("n9"));
        assertTrue(e.getMessage().contains("no node named 'n9'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> AddressBook.parse("n0=h:1").entry(1));
        assertTrue(e.getMessage().contains("nodes 0..0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> AddressBook.parse("n0=h:70000"));
    }
}
