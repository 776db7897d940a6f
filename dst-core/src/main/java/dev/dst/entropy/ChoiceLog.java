package dev.dst.entropy;

/**
 * Hears of every draw of every stream of one {@link EntropySource}, in the order the run made
 * them: what exhaustive exploration needs to enumerate a run's choices one by one.
 */
@FunctionalInterface
public interface ChoiceLog {
    /**
     * A draw of {@code stream} returned {@code value}, one of {@code bound} possible values
     * ({@code 0 .. bound - 1}; {@code 2} for a {@linkplain Entropy#chance chance}); {@code bound}
     * is {@code 0} for a draw of all 64 bits ({@link Entropy#nextLong}).
     */
    void drew(Entropy stream, long value, long bound);
}
