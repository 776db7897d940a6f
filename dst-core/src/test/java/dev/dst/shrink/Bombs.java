package dev.dst.shrink;

import dev.dst.entropy.Entropy;
import dev.dst.node.Node;
import dev.dst.node.NodeContext;
import dev.dst.sim.Simulation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A toy for shrinking tests: a plan of "bombs" (time and damage, one per line, attached as
 * {@code bombs}) goes off during a run in which a ticker node draws a number every millisecond.
 * The invariant fails once the damage reaches {@link #LIMIT}; every bomb does less than that,
 * so the smallest failing plan has two bombs, and the ticker's draws do not matter at all.
 */
public final class Bombs {
    public static final String KEY = "bombs";
    public static final int LIMIT = 10;
    public static final String INVARIANT = "the damage stays below " + LIMIT;

    private Bombs() {}

    static final class Ticker implements Node {
        long sum;

        @Override
        public void onStart(NodeContext ctx) {
            ctx.setTimer(Duration.ofMillis(1), "tick");
        }

        @Override
        public void onTimer(NodeContext ctx, long timerId, Object tag) {
            sum += ctx.random().below(100);
            ctx.setTimer(Duration.ofMillis(1), "tick");
        }
    }

    /** The test body: generates a plan from the seed unless one is attached, then runs one simulated second. */
    public static void run(Simulation sim) {
        long[] damage = setUp(sim, 1);
        sim.invariant(INVARIANT, () -> damage[0] < LIMIT, () -> "damage " + damage[0]);
        sim.runFor(Duration.ofSeconds(1));
    }

    /** The same world with the bug "fixed": bombs do no damage. */
    public static void runHarmless(Simulation sim) {
        long[] damage = setUp(sim, 0);
        sim.invariant(INVARIANT, () -> damage[0] < LIMIT, () -> "damage " + damage[0]);
        sim.runFor(Duration.ofSeconds(1));
    }

    /** Builds the world (plan, ticker, bombs doing {@code multiplier} times their damage); returns the damage counter. */
    public static long[] setUp(Simulation sim, int multiplier) {
        String plan = sim.attachment(KEY);
        if (plan == null) {
            Entropy e = sim.entropy("plan");
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < 20; i++) {
                sb.append(e.below(1000)).append(' ').append(1 + e.below(LIMIT - 1)).append('\n');
            }
            plan = sb.toString();
            sim.attach(KEY, plan);
        }
        sim.addNode("ticker", ctx -> new Ticker());
        long[] damage = {0};
        for (String line : plan.strip().split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String[] p = line.split(" ");
            int size = Integer.parseInt(p[1]);
            sim.scheduleAt(Long.parseLong(p[0]) * 1_000_000L, "bomb " + size, () -> damage[0] += (long) size * multiplier);
        }
        return damage;
    }

    /** Drops bombs: all, then halves, quarters ... single bombs; then lowers each bomb's damage by one. */
    public static final class Reducer implements dev.dst.shrink.Reducer {
        @Override
        public String key() {
            return KEY;
        }

        @Override
        public List<String> candidates(String text) {
            List<String> lines = lines(text);
            List<String> out = new ArrayList<>();
            if (!lines.isEmpty()) {
                out.add("");
            }
            for (int chunk = lines.size() / 2; chunk >= 1; chunk /= 2) {
                for (int from = 0; from + chunk <= lines.size(); from += chunk) {
                    List<String> rest = new ArrayList<>(lines.subList(0, from));
                    rest.addAll(lines.subList(from + chunk, lines.size()));
                    out.add(join(rest));
                }
            }
            for (int i = 0; i < lines.size(); i++) {
                String[] p = lines.get(i).split(" ");
                int size = Integer.parseInt(p[1]);
                if (size > 1) {
                    List<String> lower = new ArrayList<>(lines);
                    lower.set(i, p[0] + " " + (size - 1));
                    out.add(join(lower));
                }
            }
            return out;
        }

        @Override
        public long size(String text) {
            return lines(text).size();
        }

        @Override
        public long weight(String text) {
            long w = 0;
            for (String l : lines(text)) {
                w += Long.parseLong(l.split(" ")[1]);
            }
            return w;
        }

        @Override
        public String unit() {
            return "bombs";
        }

        private static List<String> lines(String text) {
            List<String> out = new ArrayList<>();
            for (String l : text.split("\n")) {
                if (!l.isBlank()) {
                    out.add(l.strip());
                }
            }
            return out;
        }

        private static String join(List<String> lines) {
            return lines.isEmpty() ? "" : String.join("\n", lines) + "\n";
        }
    }
}
