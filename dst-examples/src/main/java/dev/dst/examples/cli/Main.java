package dev.dst.examples.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code dst}: list, run, sweep, shrink and replay the bundled scenarios and yours (a scenario
 * or a simulation test method on {@code --class-path}), check histories, benchmark, run a bundled
 * node under Maelstrom. Exit codes:
 * 0 every run passed, 1 a run found a violation, 2 bad usage or bad input (one line on stderr,
 * no stack trace).
 */
@Command(name = "dst", mixinStandardHelpOptions = true, version = "dst 0.1.0",
        description = "Deterministic simulation testing: run, replay and benchmark simulated distributed protocols.",
        subcommands = {ListCommand.class, RunCommand.class, SweepCommand.class, ExploreCommand.class, ExhaustCommand.class, ShrinkCommand.class, ReplayCommand.class,
                CheckCommand.class, BenchCommand.class, MaelstromCommand.class, ChaosCommand.class, CommandLine.HelpCommand.class})
public final class Main {
    public static final int PASS = 0;
    public static final int VIOLATION = 1;
    public static final int BAD_INPUT = 2;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns the exit code (tests call this). */
    public static int execute(String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof IllegalArgumentException || e instanceof java.io.IOException || e instanceof java.io.UncheckedIOException) {
                cmd.getErr().println("dst: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
                return BAD_INPUT;
            }
            cmd.getErr().println("dst: internal error: " + e);
            e.printStackTrace(cmd.getErr());
            return 3;
        });
        cli.setParameterExceptionHandler((e, a) -> {
            e.getCommandLine().getErr().println("dst: " + e.getMessage());
            e.getCommandLine().getErr().println("usage: " + e.getCommandLine().getCommandSpec().qualifiedName() + " --help");
            return BAD_INPUT;
        });
        java.util.Properties saved = (java.util.Properties) System.getProperties().clone(); // -D options set them for the run
        try {
            return cli.execute(args);
        } finally {
            System.setProperties(saved);
        }
    }
}
