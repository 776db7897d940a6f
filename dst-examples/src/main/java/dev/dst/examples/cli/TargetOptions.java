package dev.dst.examples.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/** The options every command that runs something shares: where to find it, and how to run it. */
final class TargetOptions {
    @Option(names = {"--class-path", "--cp"}, paramLabel = "CP",
            description = "Where your scenarios and tests are: directories and jars separated by '${sys:path.separator}',"
                    + " dir/* for a directory's jars, @file for a file that lists them (mvn dependency:build-classpath"
                    + " -Dmdep.outputFile=cp.txt writes one; see docs/cli.md).")
    String classPath;

    @Option(names = "--bug", paramLabel = "B", description = "Switch on a planted bug of a scenario (see `dst list`).")
    String bug;

    @Option(names = "--faults", paramLabel = "none|swarm|PACKAGE",
            description = "A scenario's nemesis: none, swarm (the default) or a package: partition, kill, pause, clock, disk, link, combined, aimed.")
    String faults;

    @Option(names = "--strategy", paramLabel = "random|pct",
            description = "How a scenario's runs are searched: random (the default: delays and tie-breaks drawn at random) or pct"
                    + " (servers' messages delayed by a random priority, with priority changes; see docs/faults.md).")
    String strategy;

    @Option(names = "--plan", paramLabel = "F", description = "Run this saved (or edited) nemesis plan instead of generating one.")
    Path plan;

    @Option(names = "-D", paramLabel = "NAME=VALUE", mapFallbackValue = "",
            description = "Set a system property for the runs (a test's switches, as with mvn -D); recorded in result files and reproductions.")
    Map<String, String> properties = new TreeMap<>();
}
