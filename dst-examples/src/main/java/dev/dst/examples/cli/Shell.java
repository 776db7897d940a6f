package dev.dst.examples.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/** Writing the commands dst prints so that they can be pasted into a shell. */
final class Shell {
    private Shell() {}

    /** {@code s} as one shell word: as it is when plain, else in single quotes. */
    static String quote(String s) {
        return s.matches("[A-Za-z0-9._,:/=+@%-][A-Za-z0-9._,:/=+@%#-]*") ? s : "'" + s.replace("'", "'\\''") + "'";
    }

    /**
     * {@code java -jar PATH} for the jar this command runs from, relative to the working directory
     * when it lies inside it; {@code java -jar dst-examples/target/dst.jar} when not run from a jar
     * (tests, an IDE).
     */
    static String dst() {
        try {
            Path jar = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isRegularFile(jar) && jar.toString().endsWith(".jar")) {
                Path cwd = Path.of("").toAbsolutePath();
                Path shown = jar.startsWith(cwd) ? cwd.relativize(jar) : jar;
                return "java -jar " + quote(shown.toString());
            }
        } catch (RuntimeException | java.net.URISyntaxException e) {
            // fall through to the default
        }
        return "java -jar dst-examples/target/dst.jar";
    }
}
