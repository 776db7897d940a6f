package dev.dst.examples.cli;

import static dev.dst.examples.cli.CliTest.dst;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dst chaos} on a user's own deployment: a node, its main and a {@code Deployment},
 * compiled here into a directory on no class path but the one given with {@code --class-path},
 * run as three real processes under a generated plan, checked with the deployment's own checks.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
final class ChaosUserDeploymentTest {
    @TempDir
    static Path project;
    static String classes;

    @TempDir
    Path tmp;

    private static final String NODE = """
            package com.acme;

            import dev.dst.node.ClientOp;
            import dev.dst.node.Node;
            import dev.dst.node.NodeContext;
            import dev.dst.node.Request;
            import dev.dst.node.Result;

            /** A durable counter per node: add n, answered with the new total once it is fsynced. */
            public final class Tally implements Node {
                long total;

                Tally(NodeContext ctx) {
                    total = ctx.storage().readLong("total", 0);
                }

                @Override
                public void onRequest(NodeContext ctx, Request request) {
                    ClientOp op = (ClientOp) request.op();
                    total += (Long) op.value();
                    ctx.storage().writeLong("total", total);
                    ctx.storage().fsync();
                    ctx.reply(request, Result.ok(total));
                }
            }
            """;

    private static final String MAIN = """
            package com.acme;

            /** The node process: the runtime with a Tally, as dst chaos starts it. */
            public final class TallyServer {
                public static void main(String[] args) {
                    dev.dst.chaos.ChaosNode.run(args, launch -> ctx -> new Tally(ctx));
                }
            }
            """;

    private static final String DEPLOYMENT = """
            package com.acme;

            import dev.dst.chaos.ChaosRun;
            import dev.dst.chaos.Deployment;
            import dev.dst.history.OpType;
            import dev.dst.history.Operation;
            import dev.dst.node.ClientOp;
            import dev.dst.workload.Workload;
            import java.nio.file.Path;
            import java.util.List;

            /** Three Tally processes; each acknowledged total must be above the one before on its node: checked from the storage. */
            public final class TallyDeployment implements Deployment {
                public String name() { return "tally"; }
                public List<String> servers() { return Deployment.names("n", 3); }
                public List<String> clients() { return Deployment.names("c", 2); }
                public List<String> bugs() { return List.of(); }
                public String mainClass() { return TallyServer.class.getName(); }
                public Workload workload() {
                    return new Workload() {
                        public ClientOp next(dev.dst.entropy.Entropy e) { return new ClientOp("add", 1L + e.below(3)); }
                        public long meanIntervalNanos() { return 20_000_000L; }
                    };
                }
                public String progressName() { return "an add invoked after the heal is acknowledged"; }
                public ChaosRun.Progress progress() {
                    return (h, heal) -> h.operations().stream().anyMatch(o -> o.invokeNanos() >= heal && o.type() == OpType.OK);
                }
                public List<Check> check(ChaosRun.Result run, List<Path> directories) {
                    long ok = run.history().operations().stream().filter(o -> o.type() == OpType.OK).count();
                    Check acknowledged = new Check("some adds were acknowledged", ok > 0 ? Status.OK : Status.FAIL, ok + " ok");
                    return List.of(acknowledged, Deployment.noNodeStopped(run.timeline()));
                }
            }
            """;

    @BeforeAll
    static void compile() throws IOException {
        Path src = project.resolve("src/com/acme");
        Files.createDirectories(src);
        Files.writeString(src.resolve("Tally.java"), NODE);
        Files.writeString(src.resolve("TallyServer.java"), MAIN);
        Files.writeString(src.resolve("TallyDeployment.java"), DEPLOYMENT);
        Path out = project.resolve("classes");
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int code = javac.run(null, null, null, "-d", out.toString(), "-cp", System.getProperty("java.class.path"),
                src.resolve("Tally.java").toString(), src.resolve("TallyServer.java").toString(), src.resolve("TallyDeployment.java").toString());
        assertEquals(0, code, "the user's classes compile");
        classes = out.toString();
    }

    @AfterEach
    void noProcessIsLeftBehind() {
        assertEquals(List.of(), ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).toList(), "no process left behind");
    }

    @Test
    void aDeploymentOfYoursRunsOnRealProcessesFromItsClassPath() {
        Path dir = tmp.resolve("run");
        CliTest.Result r = dst("chaos", "com.acme.TallyDeployment", "--class-path", classes, "--time-limit", "3s", "--seed", "4",
                "--faults", "kill", "--dir", dir.toString());
        String what = r.out() + r.err();
        assertEquals(0, r.exit(), what);
        for (String line : List.of("scenario    tally, on real processes", "nodes       n0, n1, n2: 3 processes on loopback",
                "some adds were acknowledged", "an add invoked after the heal is acknowledged", "result      PASS",
                "rerun       java -jar dst-examples/target/dst.jar chaos com.acme.TallyDeployment --class-path ")) {
            assertTrue(r.out().contains(line), "'" + line + "' in\n" + what);
        }
        assertTrue(Files.exists(dir.resolve("n0/total")) || Files.exists(dir.resolve("n1/total")) || Files.exists(dir.resolve("n2/total")),
                "a node wrote its storage");
    }

    @Test
    void aClassThatIsNotADeploymentOrNotThereIsAClearError() {
        CliTest.Result missing = dst("chaos", "com.acme.Nowhere", "--class-path", classes);
        assertEquals(2, missing.exit(), missing.out() + missing.err());
        assertTrue(missing.err().contains("no class 'com.acme.Nowhere' on the class path"), missing.err());
        CliTest.Result notOne = dst("chaos", "com.acme.Tally", "--class-path", classes);
        assertEquals(2, notOne.exit(), notOne.out() + notOne.err());
        assertTrue(notOne.err().contains("com.acme.Tally is not a dev.dst.chaos.Deployment"), notOne.err());
    }
}
