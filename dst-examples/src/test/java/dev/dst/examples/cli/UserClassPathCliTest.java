package dev.dst.examples.cli;

import static dev.dst.examples.cli.CliTest.dst;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code dst} command on a user's own classes, compiled here into a directory that is on no
 * class path but the one given with {@code --class-path}: a scenario found by
 * {@link java.util.ServiceLoader} and by class name, and a simulation test method.
 */
final class UserClassPathCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path project;
    static String classes;

    private static final String NODE = """
            package com.acme;

            import dev.dst.node.Node;
            import dev.dst.node.NodeContext;
            import dev.dst.node.Request;

            /** Counts increments durably; without the fsync (the bug), a crash loses acknowledged ones. */
            public final class Counter implements Node {
                final boolean bug;
                long value;

                Counter(NodeContext ctx, boolean bug) {
                    this.bug = bug;
                    value = ctx.storage().readLong("value", 0);
                }

                @Override
                public void onRequest(NodeContext ctx, Request request) {
                    ctx.storage().writeLong("value", ++value);
                    if (!bug) {
                        ctx.storage().fsync();
                    }
                    ctx.reply(request, value);
                }

                /** The world: one counter, 50 increments, crashes drawn from the seed; acknowledged increments must survive. */
                public static void run(dev.dst.sim.Simulation sim, boolean bug) {
                    int counter = sim.addNode("counter", ctx -> new Counter(ctx, bug));
                    java.util.List<dev.dst.sim.Call> calls = new java.util.ArrayList<>();
                    for (int i = 1; i <= 50; i++) {
                        sim.schedule(java.time.Duration.ofMillis(10L * i), "increment", () -> calls.add(sim.submit(counter, "inc")));
                        if (sim.entropy("faults").chance(0.2)) {
                            sim.schedule(java.time.Duration.ofMillis(10L * i + 5), "crash and restart", () -> {
                                sim.crash(counter);
                                sim.restart(counter);
                            });
                        }
                    }
                    sim.runFor(java.time.Duration.ofSeconds(1));
                    long acked = calls.stream().filter(dev.dst.sim.Call::isDone).count();
                    sim.endCheck("acknowledged increments survive", () -> sim.storage(counter).readLong("value", 0) >= acked,
                            () -> acked + " acknowledged, " + sim.storage(counter).readLong("value", 0) + " kept");
                }

                /** A tiny world for exhaustive exploration: three increments, no faults of its own. */
                public static void tiny(dev.dst.sim.Simulation sim, boolean bug) {
                    int counter = sim.addNode("counter", ctx -> new Counter(ctx, bug));
                    java.util.List<dev.dst.sim.Call> calls = new java.util.ArrayList<>();
                    for (int i = 1; i <= 3; i++) {
                        sim.schedule(java.time.Duration.ofMillis(10L * i), "increment", () -> calls.add(sim.submit(counter, "inc")));
                    }
                    sim.runFor(java.time.Duration.ofMillis(100));
                    long acked = calls.stream().filter(dev.dst.sim.Call::isDone).count();
                    sim.endCheck("acknowledged increments survive", () -> sim.storage(counter).readLong("value", 0) >= acked,
                            () -> acked + " acknowledged, " + sim.storage(counter).readLong("value", 0) + " kept");
                }
            }
            """;

    private static final String TINY_TEST = """
            package com.acme;

            import dev.dst.junit.SimulationTest;
            import dev.dst.sim.Simulation;

            class TinyCounterTest {
                @SimulationTest(seeds = 5, replayProperties = "acme.bug")
                void threeIncrements(Simulation sim) {
                    Counter.tiny(sim, Boolean.getBoolean("acme.bug"));
                }
            }
            """;

    private static final String SCENARIO = """
            package com.acme;

            import dev.dst.scenario.Scenario;
            import dev.dst.scenario.ScenarioOptions;
            import dev.dst.sim.Simulation;
            import java.util.List;

            public final class CounterScenario implements Scenario {
                @Override public String name() { return "acme-counter"; }
                @Override public String description() { return "a durable counter under crashes"; }
                @Override public List<Bug> bugs() { return List.of(new Bug("no-fsync", "acknowledges before fsync")); }
                @Override public void run(Simulation sim, ScenarioOptions options) { Counter.run(sim, options.bugOn("no-fsync")); }
            }
            """;

    private static final String TEST = """
            package com.acme;

            import dev.dst.junit.SimulationTest;
            import dev.dst.sim.Simulation;

            class CounterTest {
                @SimulationTest(seeds = 20, replayProperties = "acme.bug")
                void increments(Simulation sim) {
                    Counter.run(sim, Boolean.getBoolean("acme.bug"));
                }

                class Inner {
                    @SimulationTest
                    void nested(Simulation sim) { }
                }
            }
            """;

    @BeforeAll
    static void compile() throws IOException {
        Path src = project.resolve("src/com/acme");
        Files.createDirectories(src);
        Files.writeString(src.resolve("Counter.java"), NODE);
        Files.writeString(src.resolve("CounterScenario.java"), SCENARIO);
        Files.writeString(src.resolve("CounterTest.java"), TEST);
        Files.writeString(src.resolve("TinyCounterTest.java"), TINY_TEST);
        Path out = project.resolve("classes");
        Files.createDirectories(out.resolve("META-INF/services"));
        Files.writeString(out.resolve("META-INF/services/dev.dst.scenario.Scenario"), "com.acme.CounterScenario\n");
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int code = javac.run(null, null, null, "-d", out.toString(), "-cp", System.getProperty("java.class.path"),
                src.resolve("Counter.java").toString(), src.resolve("CounterScenario.java").toString(), src.resolve("CounterTest.java").toString(),
                src.resolve("TinyCounterTest.java").toString());
        assertEquals(0, code, "the user's classes compile");
        classes = out.toString();
    }

    @Test
    void listShowsTheUsersScenarioAfterTheBundledOnes() throws Exception {
        CliTest.Result r = dst("list", "--json", "--class-path", classes);
        assertEquals(0, r.exit(), r.err());
        List<String> lines = r.lines();
        JsonNode last = JSON.readTree(lines.get(lines.size() - 1));
        assertEquals("acme-counter", last.get("name").asText());
        assertEquals("com.acme.CounterScenario", last.get("class").asText());
        assertFalse(dst("list").out().contains("acme-counter"), "not without its class path");
    }

    @Test
    void aUsersScenarioSweepsByNameAndByClassNameWithTheSameResults() throws Exception {
        JsonNode byName = JSON.readTree(dst("sweep", "acme-counter", "--seeds", "40", "--bug", "no-fsync", "--class-path", classes,
                "--json", "--shrink", "0").out());
        JsonNode byClass = JSON.readTree(dst("sweep", "com.acme.CounterScenario", "--seeds", "40", "--bug", "no-fsync", "--class-path",
                classes, "--json", "--shrink", "0").out());
        assertTrue(byName.get("failures").asInt() > 0, byName.toString());
        assertEquals(byName.get("failingSeeds"), byClass.get("failingSeeds"));
        String replay = byName.get("replay").get(0).asText();
        assertTrue(replay.contains("run acme-counter --seed ") && replay.contains("--bug no-fsync") && replay.endsWith("--class-path " + classes),
                replay);
        CliTest.Result clean = dst("sweep", "acme-counter", "--seeds", "40", "--class-path", classes, "--json");
        assertEquals(0, clean.exit(), clean.out() + clean.err());
    }

    @Test
    void aSimulationTestMethodRunsSweepsShrinksAndReplaysFromTheCommand(@TempDir Path dir) throws Exception {
        String target = "com.acme.CounterTest#increments";
        CliTest.Result sweep = dst("sweep", target, "--seeds", "30", "-Dacme.bug=true", "--class-path", classes, "--json",
                "--artifacts", dir.toString());
        assertEquals(1, sweep.exit(), sweep.out() + sweep.err());
        JsonNode s = JSON.readTree(sweep.out());
        assertEquals(target, s.get("scenario").asText());
        assertEquals("true", s.get("options").get("-Dacme.bug").asText(), "the property is recorded");
        String seed = s.get("failingSeeds").get(0).asText();
        String replay = s.get("replay").get(0).asText();
        assertTrue(replay.contains("run " + target + " --seed " + seed + " -Dacme.bug=true --class-path "), replay);

        CliTest.Result run = dst("run", target, "--seed", seed, "-Dacme.bug=true", "--class-path", classes);
        assertEquals(1, run.exit(), run.out());
        assertTrue(run.out().contains("FAIL: end check 'acknowledged increments survive'"), run.out());
        assertEquals(0, dst("run", target, "--seed", seed, "--class-path", classes).exit(), "without the bug the seed passes");

        String repro = s.get("artifacts").get(0).get("repro").asText();
        CliTest.Result again = dst("replay", repro, "--class-path", classes, "--json");
        assertEquals(1, again.exit(), again.out() + again.err());
        assertTrue(JSON.readTree(again.out()).get("reproduced").asBoolean(), again.out());
        System.clearProperty("acme.bug");

        CliTest.Result noClassPath = dst("replay", repro);
        assertEquals(2, noClassPath.exit());
        assertTrue(noClassPath.err().contains("--class-path") && noClassPath.err().contains("@Replay"), noClassPath.err());
    }

    @Test
    void exhaustTriesEveryRunOfATinyTestMethodWithACrashPointAndSavesTheFailureItFinds(@TempDir Path dir) throws Exception {
        String target = "com.acme.TinyCounterTest#threeIncrements";
        CliTest.Result clean = dst("exhaust", target, "--crashes", "1", "--class-path", classes, "--json");
        assertEquals(0, clean.exit(), clean.out() + clean.err());
        JsonNode c = JSON.readTree(clean.out());
        assertTrue(c.get("complete").asBoolean(), c.toString());
        assertTrue(c.get("runs").asLong() > 3 && c.get("ended").asLong() > 0, c.toString());

        Path repro = dir.resolve("tiny.repro");
        CliTest.Result bug = dst("exhaust", target, "--crashes", "1", "-Dacme.bug=true", "--class-path", classes, "--json",
                "--out", repro.toString());
        assertEquals(1, bug.exit(), bug.out() + bug.err());
        JsonNode b = JSON.readTree(bug.out());
        assertEquals("fail", b.get("result").asText());
        assertEquals("acknowledged increments survive", b.get("violation").get("name").asText());
        CliTest.Result again = dst("replay", repro.toString(), "--class-path", classes, "--json");
        assertEquals(1, again.exit(), again.out() + again.err());
        assertTrue(JSON.readTree(again.out()).get("reproduced").asBoolean(), again.out());
        System.clearProperty("acme.bug");

        CliTest.Result noCrash = dst("exhaust", target, "-Dacme.bug=true", "--class-path", classes, "--json");
        assertEquals(0, noCrash.exit(), "without a crash point no run loses a write: " + noCrash.out());
        System.clearProperty("acme.bug");

        CliTest.Result wrongNode = dst("exhaust", target, "--crashes", "1", "--crash-nodes", "nosuch", "--class-path", classes);
        assertEquals(2, wrongNode.exit());
        assertTrue(wrongNode.err().contains("no node named 'nosuch'; the nodes are counter"), wrongNode.err());
        CliTest.Result narrow = dst("exhaust", target, "--max-branch", "1", "--class-path", classes);
        assertEquals(2, narrow.exit());
        assertTrue(narrow.err().contains("--max-branch must be from 2"), narrow.err());
    }

    @Test
    void mistakesAboutTheClassPathAreOneClearLineAndExitTwo() throws IOException {
        CliTest.Result missing = dst("run", "com.acme.Nope#x", "--seed", "1", "--class-path", classes);
        assertEquals(2, missing.exit());
        assertTrue(missing.err().contains("no class 'com.acme.Nope' on the class path"), missing.err());

        CliTest.Result noMethod = dst("run", "com.acme.CounterTest#nope", "--seed", "1", "--class-path", classes);
        assertEquals(2, noMethod.exit());
        assertTrue(noMethod.err().contains("no method nope(Simulation) in com.acme.CounterTest; its simulation tests: increments"),
                noMethod.err());

        CliTest.Result inner = dst("run", "com.acme.CounterTest$Inner#nested", "--seed", "1", "--class-path", classes);
        assertEquals(2, inner.exit());
        assertTrue(inner.err().contains("is an inner class"), inner.err());

        CliTest.Result notScenario = dst("run", "com.acme.CounterTest", "--seed", "1", "--class-path", classes);
        assertEquals(2, notScenario.exit());
        assertTrue(notScenario.err().contains("is not a Scenario; name one of its simulation tests: com.acme.CounterTest#increments"),
                notScenario.err());

        CliTest.Result badEntry = dst("list", "--class-path", classes + File.pathSeparator + project.resolve("no-such.jar"));
        assertEquals(2, badEntry.exit());
        assertTrue(badEntry.err().contains("does not exist"), badEntry.err());

        Path list = project.resolve("cp.txt");
        Files.writeString(list, classes + "\n", StandardCharsets.UTF_8);
        CliTest.Result fromFile = dst("list", "--class-path", "@" + list);
        assertEquals(0, fromFile.exit(), fromFile.err());
        assertTrue(fromFile.out().contains("acme-counter"), "a class path read from a file, as Maven writes it");

        CliTest.Result bugOnTest = dst("run", "com.acme.CounterTest#increments", "--seed", "1", "--bug", "x", "--class-path", classes);
        assertEquals(2, bugOnTest.exit());
        assertTrue(bugOnTest.err().contains("pass them as -Dname=value"), bugOnTest.err());
    }
}
