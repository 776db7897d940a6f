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
}
