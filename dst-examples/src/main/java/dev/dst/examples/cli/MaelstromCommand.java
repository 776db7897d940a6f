package dev.dst.examples.cli;

import dev.dst.entropy.Seeds;
import dev.dst.examples.Scenarios;
import dev.dst.examples.maelstrom.MaelstromWorkloads;
import dev.dst.maelstrom.MaelstromNode;
import dev.dst.scenario.Scenario;
import dev.dst.scenario.ScenarioOptions;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

@Command(name = "maelstrom", mixinStandardHelpOptions = true,
        description = {"Run a bundled scenario's node as a Maelstrom node binary: JSON messages on stdin and stdout, logs on stderr;"
                + " ends when stdin does. Maelstrom starts it with no arguments: use the wrappers scripts/maelstrom/WORKLOAD"
                + " (maelstrom test -w lin-kv --bin scripts/maelstrom/lin-kv; docs/runtime.md).",
                "WORKLOAD: broadcast (scenario broadcast), g-counter (g-counter), unique-ids (unique-ids), kafka (kafka-log),"
                        + " lin-kv (raft-kv)."})
final class MaelstromCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "WORKLOAD", description = "broadcast, g-counter, unique-ids, kafka or lin-kv")
    String workload;

    @Option(names = "--bug", paramLabel = "B", description = "Turn on one of the scenario's planted bugs (dst list shows them).")
    String bug;

    @Option(names = "--seed", paramLabel = "S", description = "The seed of the node's randomness (default: drawn, and logged).")
    String seed;

    @Option(names = "--storage-dir", paramLabel = "DIR",
            description = "Keep each node's storage in real files, DIR/<node_id> (default: in memory, gone when the process is).")
    Path storageDir;

    @Override
    public Integer call() throws InterruptedException {
        MaelstromWorkloads.Bundled w = MaelstromWorkloads.named(workload);
        ScenarioOptions options = ScenarioOptions.defaults();
        if (bug != null) {
            Scenario s = Scenarios.bundled().find(w.scenario());
            if (s.bugs().stream().noneMatch(b -> b.name().equals(bug))) {
                throw new IllegalArgumentException("--bug " + bug + ": scenario " + w.scenario() + " has no such bug; its bugs: "
                        + s.bugs().stream().map(Scenario.Bug::name).collect(Collectors.joining(", ")));
            }
            options = options.withBug(bug);
        }
        MaelstromNode.Builder builder = w.builder(options).output(new FileOutputStream(FileDescriptor.out));
        if (seed != null) {
            builder.seed(Seeds.parse(seed));
        }
        if (storageDir != null) {
            builder.storageDirectory(storageDir);
        }
        LoggerFactory.getLogger(MaelstromNode.class).info("dst maelstrom {}: the {} scenario's node, {}", workload, w.scenario(),
                bug == null ? "no planted bug" : "planted bug " + bug + " on");
        PrintStream stdout = System.out;
        System.setOut(System.err); // stdout is Maelstrom's: a stray print goes to the log instead
        try {
            MaelstromNode node = builder.start();
            Thread hook = new Thread(node::close, "dst-maelstrom-shutdown");
            Runtime.getRuntime().addShutdownHook(hook); // SIGTERM: stop the node, flush what it wrote
            node.awaitTermination();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is already shutting down
            }
            return Main.PASS;
        } finally {
            System.setOut(stdout);
        }
    }
}
