package dev.dst.sim;

import dev.dst.entropy.Entropy;
import dev.dst.entropy.EntropySource;

import java.util.HashMap;
import java.util.Map;

/**
 * FoundationDB's BUGGIFY for one run: a site is enabled for the whole run with probability
 * {@link #ENABLE_CHANCE} the first time it is reached, and an enabled site fires each time it is
 * reached with probability {@link #FIRE_CHANCE}. Each site draws from its own entropy stream
 * ({@code buggify/SITE}), so adding a site changes no other draw, a reproduction replays every
 * decision, and the shrinker, which turns draws to 0, turns sites off (a 0 is "not enabled",
 * "does not fire").
 */
final class Buggify {
    static final double ENABLE_CHANCE = 0.25;
    static final double FIRE_CHANCE = 0.25;

    /** One site: its stream, and whether it is enabled for the run. */
    private record Site(Entropy stream, boolean enabled) {}

    private final EntropySource entropy;
    private final boolean on;
    private final Map<String, Site> sites = new HashMap<>();   // looked up only, never iterated

    Buggify(EntropySource entropy, boolean on) {
        this.entropy = entropy;
        this.on = on;
    }

    /** Whether {@code site} fires now; always false when buggify is off for the run. */
    boolean fire(String site) {
        if (!on) {
            return false;
        }
        Site s = sites.get(site);
        if (s == null) {
            if (site == null || site.isEmpty()) {
                throw new IllegalArgumentException("a buggify site needs a name");
            }
            Entropy stream = entropy.stream("buggify/" + site);
            s = new Site(stream, stream.chance(ENABLE_CHANCE));
            sites.put(site, s);
        }
        return s.enabled() && s.stream().chance(FIRE_CHANCE);
    }
}
