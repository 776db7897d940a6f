package dev.dst.leak;

import java.security.SecureRandom;

/**
 * What {@code new SecureRandom(seed)} becomes: a seed adds to a SecureRandom's entropy, it
 * does not replace it. Not an API.
 */
public final class TrapSecureRandom extends SecureRandom {
    public TrapSecureRandom(byte[] seed) {
        super(seed);
        LeakGuard.record(Traps.RANDOM, "new SecureRandom(byte[])");
    }
}
