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
}
