package dev.dst.codec;

/**
 * The first byte of every encoded value. The numbers are part of the format: never reuse
 * one for something else.
 */
final class Tags {
    private Tags() {}

    static final int FORMAT_VERSION = 1;

    static final int NULL = 0;
    static final int REF = 1;
    static final int FALSE = 2;
    static final int TRUE = 3;
    static final int BYTE = 4;
    static final int SHORT = 5;
    static final int CHAR = 6;
    static final int INT = 7;
    static final int LONG = 8;
    static final int FLOAT = 9;
    static final int DOUBLE = 10;
    static final int STRING = 11;
    /** A class of the class path: a class reference, then what its plan writes. */
    static final int OBJECT = 12;

    static final int BOOLEAN_ARRAY = 16;
    static final int BYTE_ARRAY = 17;
    static final int SHORT_ARRAY = 18;
    static final int CHAR_ARRAY = 19;
    static final int INT_ARRAY = 20;
    static final int LONG_ARRAY = 21;
    static final int FLOAT_ARRAY = 22;
    static final int DOUBLE_ARRAY = 23;
    /** A class reference to the array class, a length, the elements. */
    static final int OBJECT_ARRAY = 24;

    // mutable JDK collections: tracked, so sharing and cycles are kept
    static final int ARRAY_LIST = 32;
    static final int LINKED_LIST = 33;
    static final int ARRAY_DEQUE = 34;
    static final int HASH_SET = 35;
    static final int LINKED_HASH_SET = 36;
    static final int TREE_SET = 37;
    static final int HASH_MAP = 38;
    static final int LINKED_HASH_MAP = 39;
    static final int TREE_MAP = 40;
    static final int CONCURRENT_HASH_MAP = 41;
    static final int ARRAYS_AS_LIST = 42;
    static final int UNMODIFIABLE_COLLECTION = 43;
    static final int UNMODIFIABLE_LIST = 44;
    static final int UNMODIFIABLE_SET = 45;
    static final int UNMODIFIABLE_SORTED_SET = 46;
    static final int UNMODIFIABLE_NAVIGABLE_SET = 47;
    static final int UNMODIFIABLE_MAP = 48;
    static final int UNMODIFIABLE_SORTED_MAP = 49;
    static final int UNMODIFIABLE_NAVIGABLE_MAP = 50;
    static final int ENUM_SET = 51;

    // immutable JDK values: written by value each time they are reached
    static final int LIST_OF = 64;
    static final int SET_OF = 65;
    static final int MAP_OF = 66;
    static final int EMPTY_LIST = 67;
    static final int EMPTY_SET = 68;
    static final int EMPTY_MAP = 69;
    static final int SINGLETON_LIST = 70;
    static final int SINGLETON_SET = 71;
    static final int SINGLETON_MAP = 72;
    static final int OPTIONAL_EMPTY = 73;
    static final int OPTIONAL = 74;
    static final int UUID = 75;
    static final int BIG_INTEGER = 76;
    static final int BIG_DECIMAL = 77;
    static final int INSTANT = 78;
    static final int DURATION = 79;
    static final int NATURAL_ORDER = 80;
    static final int REVERSE_ORDER = 81;
    static final int CASE_INSENSITIVE_ORDER = 82;

    static final int LIMIT = 128;
}
