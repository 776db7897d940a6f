package dev.dst.junit;

import dev.dst.shrink.Reproduction;
import dev.dst.sweep.Replays;
import dev.dst.sweep.RunOutcome;
import dev.dst.sweep.Target;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Finding and running the reproduction files of {@code @Replay} and {@code -Ddst.repro}. */
final class Reproductions {
    private Reproductions() {}

    /** A file read (its reproduction and text), or why it could not be (reported when the test runs, not when JUnit collects it). */
    record Loaded(Reproduction reproduction, String text, String error) {
        Reproduction require() {
            if (error != null) {
                throw new IllegalArgumentException(error);
            }
            return reproduction;
        }
    }

    static Loaded load(String location, Class<?> testClass) {
        try {
            String text = text(location, testClass);
            try {
                return new Loaded(Reproduction.parse(text), text, null);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("'" + location + "': " + e.getMessage(), e);
            }
        } catch (IllegalArgumentException e) {
            return new Loaded(null, null, e.getMessage());
        }
    }

    /** The text at {@code location}: a file, else a class-path resource; a clear error when neither. */
    private static String text(String location, Class<?> testClass) {
        Path file = Path.of(location);
        if (Files.isRegularFile(file)) {
            return dev.dst.io.TextFile.read(file, "reproduction file", 256 << 20);
        }
        String resource = location.startsWith("/") ? location.substring(1) : location;
        try (InputStream in = testClass.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("'" + location + "': no such file (looked in " + file.toAbsolutePath().normalize()
                        + ") and no such class-path resource (put it under src/test/resources/)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("'" + location + "': cannot read it: " + e, e);
        }
    }

    /** What a replay's bad input says, with the line of the file when the mistake is in an attachment it holds. */
    static String badInput(String location, Loaded loaded, RunOutcome o) {
        return Replays.badInput(location, loaded.text(), o);
    }

    static RunOutcome replay(Target target, Reproduction rep, String replayLine, long wallBudgetMillis) {
        return Replays.replay(target, rep, null, replayLine, wallBudgetMillis);
    }

    static String verdict(Reproduction rep, RunOutcome o) {
        return Replays.verdict(rep, o);
    }
}
