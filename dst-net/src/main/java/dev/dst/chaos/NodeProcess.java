package dev.dst.chaos;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * One node of a {@link ChaosCluster} as a child process, across its incarnations: started,
 * killed with SIGKILL, paused with SIGSTOP and resumed with SIGCONT, told its clock offset and
 * disk state on stdin ({@link ChaosNode}'s protocol). Thread-safe (one lock: this).
 */
final class NodeProcess {
    final int id;
    final String name;
    final Path directory;
    final Path log;
    private final Function<NodeProcess, List<String>> command;
    private final BiConsumer<NodeProcess, String> events;
    private Process process;
    private OutputStream control;
    private int incarnation;
    private int started;
    private boolean killing; // the current process is being ended by the cluster: its exit is expected
    private boolean paused;
    private boolean diskFull;
    private long clockOffsetNanos;
    private InetSocketAddress address; // where the current incarnation listens, once ready
    private String exit;               // how the last incarnation ended, when it ended by itself
    private long startedNanos;         // when the current incarnation was started
    private final List<Long> readyNanos = new ArrayList<>(); // per incarnation that got ready: from start to ready

    NodeProcess(int id, String name, Path directory, Path log, Function<NodeProcess, List<String>> command,
                BiConsumer<NodeProcess, String> events) {
        this.id = id;
        this.name = name;
        this.directory = directory;
        this.log = log;
        this.command = command;
        this.events = events;
    }

    /** Starts a new incarnation (when none runs); it is up once it prints {@code ready}. */
    synchronized void start() throws IOException {
        if (process != null) {
            return;
        }
        List<String> cmd = command.apply(this);
        Files.writeString(log, "--- " + name + " incarnation " + (incarnation + 1) + ": " + String.join(" ", cmd) + "\n",
                StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        incarnation++;
        started++;
        startedNanos = System.nanoTime();
        process = p;
        control = p.getOutputStream();
        killing = false;
        paused = false;
        address = null;
        exit = null;
        int mine = incarnation;
        Thread reader = new Thread(() -> read(p, mine), "dst-chaos " + name + "#" + mine);
        reader.setDaemon(true);
        reader.start();
    }

    private void read(Process p, int mine) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                if (line.startsWith("ready ")) {
                    ready(mine, Integer.parseInt(line.substring(6).strip()));
                } else if (line.startsWith("event ")) {
                    events.accept(this, line.substring(6));
                } else if (line.startsWith("stopped ")) {
                    events.accept(this, "stopped by itself: " + line.substring(8));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // the process is gone
        }
        int status;
        try {
            status = p.waitFor();
        } catch (InterruptedException e) {
            return;
        }
        ended(p, mine, status);
    }

    private synchronized void ready(int mine, int port) {
        if (mine == incarnation && process != null) {
            address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
            readyNanos.add(System.nanoTime() - startedNanos);
            events.accept(this, "ready");
            notifyAll();
        }
    }

    private void ended(Process p, int mine, int status) {
        String how = null;
        synchronized (this) {
            if (mine != incarnation || process != p) {
                return;
            }
            process = null;
            control = null;
            address = null;
            if (!killing) {
                exit = "exited with status " + status + (status == ChaosNode.STOPPED ? " (the node stopped by itself)"
                        : status == ChaosNode.BAD_START ? " (it could not start)" : "");
                how = exit;
            }
            notifyAll();
        }
        if (how != null) {
            events.accept(this, how);
        }
    }

    /** Waits until the current incarnation is ready; false when the process ended first or the time ran out. */
    synchronized boolean awaitReady(long timeoutNanos) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutNanos;
        while (address == null && process != null) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return address != null;
    }

    /** SIGKILL, and waits for the process to end; false when none ran. */
    boolean kill() throws InterruptedException {
        Process p;
        synchronized (this) {
            p = process;
            if (p == null) {
                return false;
            }
            killing = true;
            address = null;
        }
        p.destroyForcibly();
        p.waitFor(30, TimeUnit.SECONDS);
        forget(p);
        return true;
    }

    /** The cluster ended {@code p}: it is no longer the current incarnation (if its reader has not said so already). */
    private synchronized void forget(Process p) {
        if (process == p) {
            process = null;
            control = null;
            address = null;
            paused = false;
        }
    }

    /**
     * Ends the process politely: SIGCONT if paused, closes its stdin (the node closes its
     * sockets and storage and exits), SIGKILL after {@code graceMillis}; waits for it.
     */
    void stop(long graceMillis) throws InterruptedException {
        Process p;
        synchronized (this) {
            p = process;
            if (p == null) {
                return;
            }
            killing = true;
            if (paused) {
                signal(p, "CONT");
                paused = false;
            }
            try {
                control.close();
            } catch (IOException e) {
                // it is ending anyway
            }
        }
        if (!p.waitFor(graceMillis, TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
        }
        forget(p);
    }

    /** SIGSTOP; false when no process runs or it is paused already. */
    synchronized boolean pause() throws InterruptedException {
        if (process == null || paused) {
            return false;
        }
        signal(process, "STOP");
        paused = true;
        return true;
    }

    /** SIGCONT; false when it was not paused. */
    synchronized boolean resume() throws InterruptedException {
        if (process == null || !paused) {
            return false;
        }
        signal(process, "CONT");
        paused = false;
        return true;
    }

    private static void signal(Process p, String signal) throws InterruptedException {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid()))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!kill.waitFor(10, TimeUnit.SECONDS)) {
                kill.destroyForcibly();
                throw new IllegalStateException("kill -" + signal + " " + p.pid() + " did not end within 10 s");
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run kill -" + signal + ": " + e.getMessage(), e);
        }
    }

    synchronized void clockOffsetNanos(long nanos) {
        clockOffsetNanos = nanos;
        tell("clock-offset " + nanos);
    }

    synchronized long clockOffsetNanos() {
        return clockOffsetNanos;
    }

    synchronized void diskFull(boolean full) {
        diskFull = full;
        tell("disk-full " + (full ? "on" : "off"));
    }

    synchronized boolean diskFull() {
        return diskFull;
    }

    private void tell(String line) {
        if (control == null) {
            return; // down: the next incarnation gets the state as system properties
        }
        try {
            control.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            control.flush();
        } catch (IOException e) {
            // the process is ending; its successor starts with the state
        }
    }

    synchronized boolean isRunning() {
        return process != null;
    }

    synchronized boolean isPaused() {
        return paused;
    }

    /** The current incarnation's address once ready; null while starting or down. */
    synchronized InetSocketAddress address() {
        return address;
    }

    synchronized Long pid() {
        return process == null ? null : process.pid();
    }

    /** For each incarnation that got ready, the time from its start to ready. */
    synchronized List<Long> readyNanos() {
        return List.copyOf(readyNanos);
    }

    synchronized int processesStarted() {
        return started;
    }

    /** How the last incarnation ended when it ended by itself; null if it runs or was ended by the cluster. */
    synchronized String exit() {
        return exit;
    }

    /** The last lines of the node's log: what a start failure shows. */
    String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", new ArrayList<>(all.subList(Math.max(0, all.size() - lines), all.size())));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
