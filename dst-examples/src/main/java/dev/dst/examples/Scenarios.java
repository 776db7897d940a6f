package dev.dst.examples;

import dev.dst.scenario.Scenario;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/**
 * Scenarios by name, found through {@link ServiceLoader}: the bundled ones (listed in this
 * module's {@code META-INF/services/dev.dst.scenario.Scenario}) and a user's, the same way.
 */
public final class Scenarios {
    private final List<Scenario> all;

    private Scenarios(List<Scenario> all) {
        this.all = List.copyOf(all);
    }

    /** The scenarios {@code loader} can see, in class-path order (the bundled ones first), one per name. */
    public static Scenarios on(ClassLoader loader) {
        Map<String, Scenario> byName = new LinkedHashMap<>();
        ServiceLoader<Scenario> found = ServiceLoader.load(Scenario.class, loader);
        var it = found.iterator();
        while (true) {
            Scenario s;
            try {
                if (!it.hasNext()) {
                    break;
                }
                s = it.next();
            } catch (ServiceConfigurationError e) {
                throw new IllegalArgumentException("a META-INF/services/dev.dst.scenario.Scenario entry cannot be loaded: "
                        + e.getMessage(), e);
            }
            byName.putIfAbsent(s.name(), s);
        }
        return new Scenarios(new ArrayList<>(byName.values()));
    }

    /** The bundled scenarios. */
    public static Scenarios bundled() {
        return on(Scenarios.class.getClassLoader());
    }

    public List<Scenario> all() {
        return all;
    }

    /** The scenario called {@code name}, or null. */
    public Scenario find(String name) {
        for (Scenario s : all) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        return null;
    }

    /** The scenario called {@code name}; an {@link IllegalArgumentException} listing the known names otherwise. */
    public Scenario named(String name) {
        Scenario s = find(name);
        if (s == null) {
            throw new IllegalArgumentException("unknown scenario '" + name + "'; known scenarios: "
                    + all.stream().map(Scenario::name).collect(Collectors.joining(", "))
                    + " (a scenario of yours: give --class-path and list it in META-INF/services/dev.dst.scenario.Scenario,"
                    + " or name its class; a test method: Class#method)");
        }
        return s;
    }

    /** Checks that {@code bug} is one of the scenario's planted bugs (null means none). */
    public static String checkBug(Scenario s, String bug) {
        if (bug == null || s.bugs().stream().anyMatch(b -> b.name().equals(bug))) {
            return bug;
        }
        throw new IllegalArgumentException("unknown bug '" + bug + "' for scenario " + s.name() + "; its bugs: "
                + (s.bugs().isEmpty() ? "none" : s.bugs().stream().map(Scenario.Bug::name).collect(Collectors.joining(", "))));
    }
}
