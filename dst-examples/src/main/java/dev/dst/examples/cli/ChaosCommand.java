package dev.dst.examples.cli;

import dev.dst.chaos.ChaosCluster;
import dev.dst.chaos.ChaosRun;
import dev.dst.chaos.Deployment;
import dev.dst.entropy.EntropySource;
import dev.dst.entropy.Seeds;
import dev.dst.examples.Scenarios;
import dev.dst.examples.quorum.QuorumChaos;
import dev.dst.examples.raftkv.RaftKvChaos;
import dev.dst.fault.World;
import dev.dst.io.TextFile;
import dev.dst.nemesis.Nemesis;
import dev.dst.nemesis.NemesisPlan;
import dev.dst.nemesis.Targets;
import dev.dst.trace.Durations;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;

@Command(name = "chaos", mixinStandardHelpOptions = true,
        description = "Run a scenario's nodes as real processes on loopback under a nemesis plan (kill -9, SIGSTOP, partitions and link"
                + " faults through a proxy, clock offsets, a full disk), check the history with the scenario's checker; a Jepsen-style report.")
final class ChaosCommand implements Callable<Integer> {
    /** The scenarios that can be deployed as real processes. */
    static final Map<String, Deployment> DEPLOYMENTS = deployments();

    @Parameters(index = "0", paramLabel = "SCENARIO",
            description = "raft-kv or quorum-register, or a Deployment class of yours (com.acme.MyDeployment, with --class-path).")
    String name;

    @Option(names = {"--class-path", "--cp"}, paramLabel = "CP",
            description = "Where your Deployment class and your node main are: directories and jars separated by '${sys:path.separator}',"
                    + " dir/* for a directory's jars, @file for a file that lists them. The node processes get it too.")
    String classPath;

    @Option(names = "--time-limit", paramLabel = "T", defaultValue = "60s",
            description = "The fault phase: how long the workload runs under the plan before the heal (60s, 1.5s, 2m; default ${DEFAULT-VALUE}).")
    String timeLimit;

    @Option(names = "--seed", paramLabel = "S",
            description = "The seed of the plan, the clients' operations and the nodes' randomness (default: drawn, and printed).")
    String seed;

    @Option(names = "--bug", paramLabel = "B", description = "Start the node processes with a planted bug (see `dst list`).")
    String bug;

    @Option(names = "--faults", paramLabel = "PACKAGE", defaultValue = "swarm",
            description = "The generator of the plan, restricted to the faults real processes can have: swarm (the default), partition,"
                    + " kill, pause, clock, disk, link, combined, none.")
    String faults;

    @Option(names = "--plan", paramLabel = "F", description = "Run this nemesis plan (the text format of `dst run --plan-out`) instead of generating one.")
    Path plan;

    @Option(names = "--plan-out", paramLabel = "F", description = "Save the plan the run used to this file (it is also saved in the run's directory).")
    Path planOut;

    @Option(names = "--dir", paramLabel = "D",
            description = "The run's directory: node storage, node logs, history, plan, timeline (default: a new temporary directory).")
    Path dir;

    @Option(names = "--no-aim",
            description = "Only the plan: no faults aimed at what the nodes report (raft-kv isolates a server just after it is elected).")
    boolean noAim;

    @Option(names = "--heal-timeout", paramLabel = "T", defaultValue = "30s",
            description = "How long the heal may take to lead to progress (default ${DEFAULT-VALUE}: restarted JVMs start, a leader is elected).")
    String healTimeout;

    @Override
    public Integer call() throws IOException, InterruptedException {
        ClassPath userPath = ClassPath.parse(classPath);
        Deployment d = deployment(name, userPath);
        long parsedSeed = seed == null ? new SecureRandom().nextLong() & 0xffff_ffffL : Seeds.parse(seed);
        Duration limit = duration("--time-limit", timeLimit);
        Duration heal = duration("--heal-timeout", healTimeout);
        if (bug != null && !d.bugs().contains(bug)) {
            throw new IllegalArgumentException("unknown bug '" + bug + "' for " + d.name() + "; bugs: " + String.join(", ", d.bugs()));
        }
        World world = ChaosCluster.namingWorld(d.servers(), d.clients());
        String planFrom;
        NemesisPlan p;
        if (plan != null) {
            p = parsePlan(plan, world);
            planFrom = "the plan in " + plan;
        } else {
            StringBuilder knobs = new StringBuilder();
            Nemesis n = Nemesis.named(faults).restrictedTo(ChaosCluster.KINDS);
            List<Integer> servers = IntStream.range(0, d.servers().size()).boxed().toList();
            p = n.plan(EntropySource.seeded(parsedSeed).stream("nemesis"), new Targets(servers, List.of()), limit.toNanos(), knobs::append);
            planFrom = n.name() + " (restricted to real faults)" + (knobs.length() == 0 ? "" : ": " + knobs.toString().replaceFirst("^\\S+: ", ""));
        }
        checkPlan(p, world, d.servers().size());
        Path runDir = dir != null ? runDirectory(dir, d.servers()) : Files.createTempDirectory("dst-chaos-" + d.name() + "-");
        Files.writeString(runDir.resolve("plan.txt"), p.toText(world), StandardCharsets.UTF_8);
        if (planOut != null) {
            try {
                Files.writeString(planOut, p.toText(world), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot write --plan-out file '" + planOut + "': " + TextFile.reason(e));
            }
        }
        String rerun = Shell.dst() + " chaos " + (DEPLOYMENTS.containsKey(name) ? d.name() : name) + userPath.option() + " --time-limit " + timeLimit + " --seed " + Seeds.format(parsedSeed)
                + (bug == null ? "" : " --bug " + bug) + (plan != null ? " --plan " + Shell.quote(plan.toString())
                : faults.equals("swarm") ? "" : " --faults " + faults) + (noAim ? " --no-aim" : "");
        System.out.println("chaos " + d.name() + ": seed " + Seeds.format(parsedSeed) + ", starting " + d.servers().size()
                + " node processes in " + runDir);
        ChaosCluster cluster = null;
        Thread hook = null;
        try {
            cluster = ChaosCluster.builder(d.servers())
                    .mainClass(d.mainClass())
                    .classPath(absoluteClassPath(userPath))
                    .extraArgs(bug == null ? List.of() : List.of(bug))
                    .directory(runDir)
                    .seed(parsedSeed)
                    .start();
            ChaosCluster started = cluster;
            hook = new Thread(started::close, "dst-chaos cleanup");
            Runtime.getRuntime().addShutdownHook(hook); // Ctrl-C or SIGTERM: no node outlives the run
            long faultsInTime = p.steps().stream().filter(s -> s.action() == NemesisPlan.Action.APPLY && s.atNanos() < limit.toNanos()).count();
            System.out.println("chaos " + d.name() + ": " + d.servers().size() + " nodes ready; running " + timeLimit + " under "
                    + faultsInTime + " faults, then the heal");
            ChaosRun.Result r = ChaosRun.on(cluster)
                    .workload(d.clients().size(), d.workload())
                    .seed(parsedSeed)
                    .timeLimit(limit)
                    .healTimeout(heal)
                    .plan(p, world)
                    .aim(noAim ? null : d.aim(EntropySource.seeded(parsedSeed).stream("aimed"), d.servers().size()))
                    .progress(d.progressName(), d.progress())
                    .run();
            cluster.stopAll(Duration.ofSeconds(10));
            List<Deployment.Check> checks = new ArrayList<>(d.check(r, cluster.directories()));
            checks.add(new Deployment.Check(d.progressName(), r.progressNanos() >= 0 ? Deployment.Status.OK : Deployment.Status.FAIL,
                    r.progressNanos() >= 0 ? String.format("%.3f s after the heal", (r.progressNanos() - r.healNanos()) / 1e9)
                            : "not within " + heal.toSeconds() + " s of the heal"));
            ChaosReport report = new ChaosReport(d, parsedSeed, bug, planFrom, limit, r, checks, runDir, rerun);
            report.writeFiles();
            System.out.print(report.text());
            return checks.stream().anyMatch(Deployment.Check::failed) ? Main.VIOLATION : Main.PASS;
        } finally {
            if (cluster != null) {
                cluster.close();
            }
            if (hook != null) {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException e) {
                    // shutting down: the hook runs
                }
            }
        }
    }

    private static Map<String, Deployment> deployments() {
        Map<String, Deployment> m = new TreeMap<>();
        for (Deployment d : List.<Deployment>of(new RaftKvChaos(), new QuorumChaos())) {
            m.put(d.name(), d);
        }
        return m;
    }

    static Deployment deployment(String name, ClassPath userPath) {
        Deployment d = DEPLOYMENTS.get(name);
        if (d != null) {
            return d;
        }
        if (name.contains(".")) { // a Deployment of yours, with a no-argument constructor, on --class-path
            return Catalog.on(userPath).instance(name, Deployment.class);
        }
        String known = String.join(", ", DEPLOYMENTS.keySet());
        if (Scenarios.bundled().find(name) != null) {
            throw new IllegalArgumentException("scenario '" + name + "' runs in simulation only: no real-process deployment of it yet;"
                    + " chaos runs: " + known);
        }
        throw new IllegalArgumentException("unknown scenario '" + name + "' for chaos; chaos runs: " + known
                + ", or a Deployment class of yours (com.acme.MyDeployment --class-path CP)");
    }

    /**
     * {@code --dir}: a new or empty directory (empty node storage directories allowed). One that
     * holds anything else is refused: a previous run's node storage would start this run's
     * nodes from its state, and the checks, which start from the scenario's initial state, would
     * find violations that are not there.
     */
    static Path runDirectory(Path dir, List<String> servers) {
        try {
            if (!Files.isDirectory(dir)) {
                return Files.createDirectories(dir);
            }
            try (var entries = Files.list(dir)) {
                for (Path e : (Iterable<Path>) entries::iterator) {
                    if (!(servers.contains(e.getFileName().toString()) && Files.isDirectory(e) && holdsNoData(e))) {
                        throw new IllegalArgumentException("--dir '" + dir + "' is not empty (it holds " + e.getFileName()
                                + "; a previous run's storage would be this run's start): give a new or empty directory");
                    }
                }
            }
            return dir;
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot use --dir '" + dir + "': " + TextFile.reason(e));
        }
    }

    /** Whether a storage directory holds only the storage's own entries ({@code .lock}, {@code .tmp.*}). */
    private static boolean holdsNoData(Path storage) throws IOException {
        try (var entries = Files.list(storage)) {
            return entries.allMatch(f -> f.getFileName().toString().startsWith("."));
        }
    }

    /** {@code 60s}, {@code 1.5s}, {@code 2m} or a number of seconds, from a second to a week. */
    static Duration duration(String option, String text) {
        String t = text.strip();
        long nanos;
        try {
            if (t.endsWith("m")) {
                nanos = Math.multiplyExact(Durations.parseExact(t.substring(0, t.length() - 1) + "s"), 60);
            } else {
                nanos = Durations.parseExact(t.endsWith("s") ? t : t + "s");
            }
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new IllegalArgumentException(option + " '" + text + "' is not a duration: expected seconds or minutes such as 60s, 1.5s, 2m");
        }
        if (nanos < 1_000_000_000L || nanos > Budgets.MAX_SECONDS * 1_000_000_000L) {
            throw new IllegalArgumentException(option + " must be from 1s to " + Budgets.MAX_SECONDS + "s (a week), got '" + text + "'");
        }
        return Duration.ofNanos(nanos);
    }

    private static NemesisPlan parsePlan(Path file, World world) {
        String text = RunCommand.readPlan(file);
        try {
            return NemesisPlan.parse(text, world);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("plan " + file + ": " + e.getMessage());
        }
    }

    /** Refuses a plan with a fault real processes cannot have, naming the step. */
    private static void checkPlan(NemesisPlan p, World world, int servers) {
        for (NemesisPlan.Step s : p.steps()) {
            String why = ChaosCluster.refusal(s.fault(), servers, world::name);
            if (why != null) {
                throw new IllegalArgumentException("the plan's step '" + Durations.formatExact(s.atNanos()) + " "
                        + s.action().name().toLowerCase(java.util.Locale.ROOT) + " " + s.fault().toText(world) + "' cannot run: " + why
                        + " (kinds real processes can have: " + String.join(", ", ChaosCluster.KINDS) + ")");
            }
        }
    }

    /** dst's own class path, then the user's, as absolute paths: the node processes run from any directory. */
    private static String absoluteClassPath(ClassPath userPath) {
        List<String> out = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!e.isEmpty()) {
                out.add(Path.of(e).toAbsolutePath().toString());
            }
        }
        for (Path e : userPath.entries()) {
            out.add(e.toAbsolutePath().toString());
        }
        return String.join(File.pathSeparator, out);
    }
}
