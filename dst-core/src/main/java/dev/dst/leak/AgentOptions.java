package dev.dst.leak;

import java.util.ArrayList;
import java.util.List;

/**
 * Which classes the agent rewrites, from {@code -javaagent:dst-core.jar=OPTIONS}: options
 * separated by commas, {@code include=PREFIX} and {@code exclude=PREFIX} (repeatable; a package
 * or class name prefix, with dots or slashes) and {@code debug} (a line on stderr for every
 * class rewritten or left unchanged for a reason).
 *
 * <p>A class is decided by the longest prefix that matches its name; given prefixes win over
 * the built-in ones of the same length, and exclude wins over include. The built-in ones skip
 * the JDK, dst's own kernel ({@code dev/dst/}, but not {@code dev/dst/examples/}), logging and
 * test frameworks. A class no prefix matches is rewritten. The guard's own classes (the package
 * {@code dev.dst.leak}) never are.
 */
record AgentOptions(List<Rule> rules, boolean debug) {
    /** A prefix (internal form), whether it includes, and its rank among rules of equal length. */
    record Rule(String prefix, boolean include, int rank) {}

    static final List<String> SKIPPED = List.of("java/", "javax/", "jdk/", "sun/", "com/sun/", "dev/dst/",
            "org/slf4j/", "ch/qos/logback/", "org/apache/logging/", "org/junit/", "junit/", "org/apache/maven/",
            "org/opentest4j/");
    static final List<String> INCLUDED = List.of("dev/dst/examples/");
    private static final String OWN_PACKAGE = "dev/dst/leak/";

    AgentOptions {
        rules = List.copyOf(rules);
    }

    static AgentOptions defaults() {
        return parse(null);
    }

    /**
     * @throws IllegalArgumentException on an unknown option, quoting it and the known ones
     */
    static AgentOptions parse(String args) {
        List<Rule> rules = new ArrayList<>();
        SKIPPED.forEach(p -> rules.add(new Rule(p, false, 0)));
        INCLUDED.forEach(p -> rules.add(new Rule(p, true, 0)));
        boolean debug = false;
        for (String option : args == null || args.isBlank() ? new String[0] : args.split(",")) {
            String o = option.trim();
            if (o.equals("debug")) {
                debug = true;
            } else if (o.startsWith("include=") && o.length() > "include=".length()) {
                rules.add(new Rule(internal(o.substring("include=".length())), true, 1));
            } else if (o.startsWith("exclude=") && o.length() > "exclude=".length()) {
                rules.add(new Rule(internal(o.substring("exclude=".length())), false, 2));
            } else if (!o.isEmpty()) {
                throw new IllegalArgumentException("dst leak guard: unknown option '" + o + "' in '" + args
                        + "'; known options, separated by commas: include=PREFIX, exclude=PREFIX, debug");
            }
        }
        return new AgentOptions(rules, debug);
    }

    private static String internal(String prefix) {
        return prefix.trim().replace('.', '/');
    }

    /** Whether the class {@code internalName} is rewritten. */
    boolean rewrites(String internalName) {
        if (internalName.startsWith(OWN_PACKAGE) && internalName.indexOf('/', OWN_PACKAGE.length()) < 0) {
            return false;
        }
        Rule best = null;
        for (Rule r : rules) {
            if (internalName.startsWith(r.prefix()) && (best == null || r.prefix().length() > best.prefix().length()
                    || r.prefix().length() == best.prefix().length() && r.rank() > best.rank())) {
                best = r;
            }
        }
        return best == null || best.include();
    }
}
