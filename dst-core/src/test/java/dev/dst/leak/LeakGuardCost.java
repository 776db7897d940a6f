package dev.dst.leak;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * What the leak guard costs, for docs/leak-guard.md (a program, not a test: speed is measured,
 * not asserted). Run from dst-core after {@code mvn -o -pl dst-core test-compile}:
 *
 * <pre>
 * java -cp target/classes:target/test-classes dev.dst.leak.LeakGuardCost load JAR...      # without the agent
 * java -javaagent:target/dst-core-VERSION.jar -cp ... dev.dst.leak.LeakGuardCost load JAR...
 * java -cp ... dev.dst.leak.LeakGuardCost rewrite JAR...   # the rewriter alone, in memory
 * java -cp ... dev.dst.leak.LeakGuardCost guard            # enter + exit + poll, and a trap outside a simulation
 * </pre>
 */
public final class LeakGuardCost {
    private static final java.lang.management.ThreadMXBean CPU = java.lang.management.ManagementFactory.getThreadMXBean();

    private LeakGuardCost() {}

    public static void main(String[] args) throws Exception {
        List<Path> jars = Arrays.stream(args).skip(1).map(Path::of).toList();
        switch (args[0]) {
            case "load" -> load(jars);
            case "rewrite" -> rewrite(jars);
            case "guard" -> guard();
            default -> throw new IllegalArgumentException("load, rewrite or guard, not " + args[0]);
        }
    }

    /** Loads and links every class of the jars in a fresh class loader: the agent's transformer sees each one. */
    private static void load(List<Path> jars) throws Exception {
        List<String> names = new ArrayList<>();
        for (Path jar : jars) {
            names.addAll(classNames(jar));
        }
        URL[] urls = new URL[jars.size()];
        for (int i = 0; i < urls.length; i++) {
            urls[i] = jars.get(i).toUri().toURL();
        }
        long start = System.nanoTime();
        long cpuStart = CPU.getCurrentThreadCpuTime();
        int failed = 0;
        try (URLClassLoader loader = new URLClassLoader(urls, LeakGuardCost.class.getClassLoader())) {
            for (String name : names) {
                try {
                    Class.forName(name, false, loader).getDeclaredMethods(); // defined (transformed) and linked (verified)
                } catch (LinkageError | ClassNotFoundException e) {
                    failed++; // an optional dependency that is not on the class path
                }
            }
        }
        long nanos = System.nanoTime() - start;
        long cpu = CPU.getCurrentThreadCpuTime() - cpuStart;
        System.out.printf("load: %d classes (%d not loadable) in %.0f ms, %.0f ms of CPU, agent %s%n", names.size(), failed, nanos / 1e6,
                cpu / 1e6, LeakGuard.installed() ? "on" : "off");
    }

    /** The rewriter alone over the jars' class files, ten times; the last five runs' median. */
    private static void rewrite(List<Path> jars) throws IOException {
        List<byte[]> classes = new ArrayList<>();
        for (Path jar : jars) {
            try (JarFile f = new JarFile(jar.toFile())) {
                for (Enumeration<JarEntry> e = f.entries(); e.hasMoreElements(); ) {
                    JarEntry entry = e.nextElement();
                    if (entry.getName().endsWith(".class") && !entry.getName().endsWith("module-info.class")) {
                        classes.add(f.getInputStream(entry).readAllBytes());
                    }
                }
            }
        }
        long[] runs = new long[10];
        int rewritten = 0;
        for (int run = 0; run < runs.length; run++) {
            long start = CPU.getCurrentThreadCpuTime();
            rewritten = 0;
            for (byte[] b : classes) {
                if (Rewriter.rewrite(b, name -> false) != null) {
                    rewritten++;
                }
            }
            runs[run] = CPU.getCurrentThreadCpuTime() - start;
        }
        long[] last = Arrays.copyOfRange(runs, 5, 10);
        Arrays.sort(last);
        System.out.printf("rewrite: %d classes, %d with watched calls; CPU time: first run %.1f ms, then median %.1f ms (%.1f us a class)%n",
                classes.size(), rewritten, runs[0] / 1e6, last[2] / 1e6, last[2] / 1e3 / classes.size());
    }

    /** Nanoseconds for the kernel's enter + exit + poll around a step, and for a trap outside a simulation. */
    private static void guard() {
        int n = 20_000_000;
        long sink = 0;
        double[] step = new double[7];
        double[] trap = new double[7];
        double[] direct = new double[7];
        for (int run = 0; run < step.length; run++) {
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                LeakGuard.enter();
                LeakGuard.exit();
                if (LeakGuard.poll() != null) {
                    sink++;
                }
            }
            step[run] = (System.nanoTime() - start) / (double) n;
            start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                sink += Traps.nanoTime();
            }
            trap[run] = (System.nanoTime() - start) / (double) n;
            start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                sink += System.nanoTime();
            }
            direct[run] = (System.nanoTime() - start) / (double) n;
        }
        System.out.printf("guard: enter+exit+poll %.1f ns; System.nanoTime() %.1f ns, through its trap outside a simulation %.1f ns (medians of 7; %d)%n",
                median(step), median(direct), median(trap), sink & 1);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static List<String> classNames(Path jar) throws IOException {
        List<String> names = new ArrayList<>();
        try (JarFile f = new JarFile(jar.toFile())) {
            for (Enumeration<JarEntry> e = f.entries(); e.hasMoreElements(); ) {
                String n = e.nextElement().getName();
                if (n.endsWith(".class") && !n.contains("-info") && !n.startsWith("META-INF/")) {
                    names.add(n.substring(0, n.length() - ".class".length()).replace('/', '.'));
                }
            }
        }
        return names;
    }
}
