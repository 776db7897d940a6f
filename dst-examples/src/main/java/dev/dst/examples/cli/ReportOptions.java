package dev.dst.examples.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/** The outputs of one run: JSON instead of text, the trace, the diagram, the transcript. */
final class ReportOptions {
    @Option(names = "--json", description = "Print one JSON object instead of the text report.")
    boolean json;

    @Option(names = "--trace", paramLabel = "F.jsonl", description = "Write every trace event to this file, one JSON object per line.")
    Path trace;

    @Option(names = "--html", paramLabel = "F.html",
            description = "Write a self-contained HTML page with the run's Lamport diagram (the last 2,000 trace events).")
    Path html;

    @Option(names = "--log", paramLabel = "F.log",
            description = "Write the nodes' log lines (NodeContext.log) and the faults as a transcript, `time  node  message` per line:"
                    + " byte-identical for one seed, diffable between seeds.")
    Path log;
}
