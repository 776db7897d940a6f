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

    /** A file read, or why it could not be (reported when the test runs, not when JUnit collects it). */
    record Loaded(Reproduction reproduction, String error) {
        Reproduction require() {
            if (error != null) {
                throw new IllegalArgumentException(error);
            }
            return reproduction;
        }
    }

    static Loaded load(String location, Class<?> testClass) {
        try {
            return new Loaded(read(location, testClass), null);
        } catch (IllegalArgumentException e) {
            return new Loaded(null, e.getMessage());
        }
    }

    /** The reproduction at {@code location}: a file, else a class-path resource; a clear error when neither. */
    static Reproduction read(String location, Class<?> testClass) {
        Path file = Path.of(location);
        try {
            if (Files.isRegularFile(file)) {
                return Reproduction.read(file);
            }
            String resource = location.startsWith("/") ? location.substring(1) : location;
            try (InputStream in = testClass.getClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalArgumentException("'" + location + "': no such file (looked in " + file.toAbsolutePath().normalize()
                            + ") and no such class-path resource (put it under src/test/resources/)");
                }
                try {
                    return Reproduction.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("'" + location + "': " + e.getMessage(), e);
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("'" + location + "': cannot read it: " + e, e);
        }
    }

    static RunOutcome replay(Target target, Reproduction rep, String replayLine, long wallBudgetMillis) {
        return Replays.replay(target, rep, null, replayLine, wallBudgetMillis);
    }

    static String verdict(Reproduction rep, RunOutcome o) {
        return Replays.verdict(rep, o);
    }
}
