package dev.dst.entropy;

/** Parsing and printing seeds: unsigned 64-bit, printed as {@code 0x} hex. */
public final class Seeds {
    private Seeds() {}

    /** {@code 0x2a}: the form used in every report and replay line. */
    public static String format(long seed) {
        return "0x" + Long.toHexString(seed);
    }

    /**
     * Accepts unsigned decimal ({@code 42}) or hex with {@code 0x} ({@code 0x1f3a}); anything
     * else is an {@link IllegalArgumentException} whose message says what was expected.
     */
    public static long parse(String text) {
        String s = text == null ? "" : text.strip().replace("_", "");
        try {
            if (s.startsWith("0x") || s.startsWith("0X")) {
                String hex = s.substring(2);
                if (hex.isEmpty() || hex.length() > 16 || hex.startsWith("+") || hex.startsWith("-")) {
                    throw new NumberFormatException();
                }
                return Long.parseUnsignedLong(hex, 16);
            }
            if (s.isEmpty() || s.startsWith("+") || s.startsWith("-")) {
                throw new NumberFormatException();
            }
            return Long.parseUnsignedLong(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad seed '" + text
                    + "': expected an unsigned 64-bit number, decimal (42) or hex with 0x (0x1f3a)");
        }
    }

    /** The i-th seed of a sweep that starts from {@code base}: distinct, well spread. */
    public static long derive(long base, long index) {
        return SplitMix64.at(base, index);
    }
}
