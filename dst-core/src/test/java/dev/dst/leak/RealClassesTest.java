package dev.dst.leak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The rewriter on class files javac and the JDK's build wrote, not on fixtures written for it. */
final class RealClassesTest {
    /**
     * Every class of java.base: all constant-pool tags (module-info's Module and Package
     * included), every instruction; each class the rewriter changes keeps its instructions
     * where they were (see {@link InstructionWalkTest#assertSameShape}). Thread subclasses are not looked up here (nothing can load these).
     */
    @Test
    void everyClassOfJavaBaseIsReadAndRewrittenWithoutMovingABranchTargetOrFrame() throws IOException {
        FileSystem jrt = FileSystems.getFileSystem(URI.create("jrt:/"));
        List<Path> classes;
        try (Stream<Path> files = Files.walk(jrt.getPath("/modules/java.base"))) {
            classes = files.filter(p -> p.toString().endsWith(".class")).toList();
        }
        int rewritten = 0;
        for (Path p : classes) {
            byte[] original = Files.readAllBytes(p);
            Rewriter.Result r = Rewriter.rewrite(original, name -> false);
            if (r == null) {
                new ClassFile(original).methods(); // still read to the end
            } else {
                rewritten++;
                InstructionWalkTest.assertSameShape(original, r.bytes(), p.toString());
            }
        }
        assertTrue(classes.size() > 5000, classes.size() + " classes");
        assertTrue(rewritten > 100, rewritten + " rewritten"); // java.util.Random, Thread, ... call what is watched
    }

    /**
     * dst-core's own classes (records, enums, switches on strings, lambdas, threads of the
     * sweep engine), rewritten as if they were a user's and linked, so that the verifier
     * checks every method of every rewritten class.
     */
    @Test
    void dstCoreRewrittenAsAUsersCodePassesTheVerifier() throws Exception {
        Path classesDir = Path.of(LeakGuard.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        RewritingLoader loader = new RewritingLoader(AgentOptions.parse("include=dev/dst/"),
                name -> name.startsWith("dev.dst.") && !name.startsWith("dev.dst.leak."), classesDir);
        List<String> names = new ArrayList<>();
        try (Stream<Path> files = Files.walk(classesDir)) {
            files.filter(p -> p.toString().endsWith(".class") && !p.getFileName().toString().equals("module-info.class"))
                    .map(p -> classesDir.relativize(p).toString().replace('/', '.').replaceAll("\\.class$", ""))
                    .filter(n -> !n.startsWith("dev.dst.leak.") && !n.endsWith("package-info"))
                    .forEach(names::add);
        }
        for (String name : names) {
            try {
                Class.forName(name, false, loader).getDeclaredMethods(); // links the class: the verifier runs
            } catch (NoClassDefFoundError e) {
                if (!e.getMessage().contains("org/junit")) {
                    throw new UncheckedIOException(new IOException(name, e));
                }
            }
        }
        assertTrue(names.size() > 100, names.size() + " classes");
        assertTrue(loader.rewritten > 5, loader.rewritten + " rewritten");
    }
}
