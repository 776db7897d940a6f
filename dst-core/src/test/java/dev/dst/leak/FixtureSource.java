package dev.dst.leak;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The expected leaks of a fixture, read from its source: a line with {@code // leak: WHAT} in
 * a method is where that method's leak must be reported. A fixture's line numbers can then
 * change without its tests changing.
 */
final class FixtureSource {
    /** A method's expected leak: the source line and what the leak says. */
    record Marker(String method, int line, String what) {}

    private static final Pattern METHOD = Pattern.compile("^\\s*public (?:static )?(?:[\\w<>\\[\\], ]+ )?(\\w+)\\(");
    private static final Pattern LEAK = Pattern.compile("^\\s*[^\\s*/].*// leak: (.+)$"); // after code, not in a comment

    private FixtureSource() {}

    /** The names of the public methods of a fixture, in source order ({@code <init>} for constructors). */
    static List<String> methods(String simpleName) {
        List<String> names = new java.util.ArrayList<>();
        for (String line : lines(simpleName)) {
            Matcher m = METHOD.matcher(line);
            if (m.find()) {
                names.add(m.group(1).equals(simpleName) ? "<init>" : m.group(1));
            }
        }
        return names;
    }

    /** The 1-based number of the first line of a fixture's source that contains {@code text}. */
    static int lineOf(String simpleName, String text) {
        List<String> lines = lines(simpleName);
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i + 1;
            }
        }
        throw new AssertionError(simpleName + ".java has no line with " + text);
    }

    private static List<String> lines(String simpleName) {
        Path file = source(simpleName);
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException("the leak guard's tests read their fixtures' sources: " + file, e);
        }
    }

    private static Path source(String simpleName) {
        return Path.of(System.getProperty("basedir", ""), "src/test/java/dev/dst/leak/fixtures", simpleName + ".java");
    }

    /** The markers of {@code src/test/java/dev/dst/leak/fixtures/NAME.java}, by method ({@code <init>} for constructors). */
    static Map<String, Marker> markers(String simpleName) {
        List<String> lines = lines(simpleName);
        Map<String, Marker> markers = new LinkedHashMap<>();
        String method = null;
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = METHOD.matcher(lines.get(i));
            if (m.find()) {
                method = m.group(1).equals(simpleName) ? "<init>" : m.group(1);
            }
            Matcher leak = LEAK.matcher(lines.get(i));
            if (leak.find()) {
                if (method == null || markers.containsKey(method)) {
                    throw new IllegalStateException(source(simpleName) + ":" + (i + 1) + ": one leak marker per method");
                }
                markers.put(method, new Marker(method, i + 1, leak.group(1).trim()));
            }
        }
        return markers;
    }

    /** The call site a leak at {@code marker} in the fixture class {@code simpleName} names. */
    static String callSite(String simpleName, Marker marker) {
        return "dev.dst.leak.fixtures." + simpleName + "." + marker.method() + "(" + simpleName + ".java:" + marker.line() + ")";
    }
}
