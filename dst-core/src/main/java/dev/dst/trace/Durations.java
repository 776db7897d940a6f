package dev.dst.trace;

/** Simulated times for people: {@code 1.234567s}, always microsecond precision, never locale-dependent. */
public final class Durations {
    private Durations() {}

    public static String format(long nanos) {
        String sign = nanos < 0 ? "-" : "";
        long abs = Math.abs(nanos);
        long seconds = abs / 1_000_000_000L;
        long micros = (abs % 1_000_000_000L) / 1_000;
        return sign + seconds + "." + String.format("%06d", micros) + "s";
    }

    /** {@code 1.234567891s}: nanosecond precision, for values that must parse back exactly (plans). */
    public static String formatExact(long nanos) {
        String sign = nanos < 0 ? "-" : "";
        long abs = Math.abs(nanos);
        return sign + abs / 1_000_000_000L + "." + String.format("%09d", abs % 1_000_000_000L) + "s";
    }

    private static final java.util.regex.Pattern EXACT = java.util.regex.Pattern.compile("([+-]?)(\\d{1,10})(?:\\.(\\d{1,9}))?s");

    /**
     * Parses {@link #formatExact}'s form, and fewer digits: {@code 1.250000000s}, {@code 2s},
     * {@code -0.3s}, {@code +0.05s}. Anything else (an exponent, more than nine decimals, a value
     * past about 292 years) is an {@link IllegalArgumentException} that says what is expected;
     * the parse costs the same whatever the input (no number of unbounded size is built).
     */
    public static long parseExact(String text) {
        java.util.regex.Matcher m = text == null ? null : EXACT.matcher(text.strip());
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException("bad time '" + text + "': expected seconds such as 1.250000s (up to 9 decimals)");
        }
        String fraction = m.group(3) == null ? "" : m.group(3);
        long nanos;
        try {
            nanos = Math.addExact(Math.multiplyExact(Long.parseLong(m.group(2)), 1_000_000_000L),
                    Long.parseLong((fraction + "000000000").substring(0, 9)));
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("bad time '" + text + "': more seconds than a run can last");
        }
        return "-".equals(m.group(1)) ? -nanos : nanos;
    }
}
