package dev.dst.sweep;

/**
 * Shard {@code k} of {@code n} (1-based): the k-th of n contiguous, nearly equal parts of a seed
 * list, so that n machines together run every seed exactly once. A shard may be empty when
 * {@code n} is larger than the list.
 */
public record Shard(int k, int n) {
    public static final Shard WHOLE = new Shard(1, 1);

    public Shard {
        if (n < 1 || k < 1 || k > n) {
            throw new IllegalArgumentException("bad shard " + k + "/" + n + ": expected K/N with 1 <= K <= N");
        }
    }

    /** Parses {@code K/N}; {@code what} names the setting in the message ({@code --shard}, {@code -Ddst.shard}). */
    public static Shard parse(String text, String what) {
        String[] parts = text == null ? new String[0] : text.strip().split("/", -1);
        try {
            if (parts.length != 2) {
                throw new NumberFormatException();
            }
            return new Shard(Integer.parseInt(parts[0].strip()), Integer.parseInt(parts[1].strip()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad " + what + " '" + text + "': expected K/N with 1 <= K <= N, such as 3/8");
        }
    }

    /** The first index of this shard in a list of {@code size}. */
    public long from(long size) {
        long part = size / n;
        long extra = size % n;
        return (k - 1) * part + Math.min(k - 1, extra);
    }

    /** One past the last index of this shard in a list of {@code size}. */
    public long to(long size) {
        long part = size / n;
        long extra = size % n;
        return from(size) + part + (k <= extra ? 1 : 0);
    }

    @Override
    public String toString() {
        return k + "/" + n;
    }
}
