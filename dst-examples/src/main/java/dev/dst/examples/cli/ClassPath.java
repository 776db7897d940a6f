package dev.dst.examples.cli;

import dev.dst.io.TextFile;

import java.io.File;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The user's class path for {@code --class-path}: entries separated by the platform's path
 * separator ({@code :} here), each a directory or a jar, {@code dir/*} for every jar in a
 * directory, or {@code @file} for a file that holds such a list (what
 * {@code mvn dependency:build-classpath -Dmdep.outputFile=cp.txt} writes). Its classes are loaded
 * after dst's own, so that a user's scenario and dst share one copy of dst.
 */
record ClassPath(String text, List<Path> entries) {
    static final ClassPath NONE = new ClassPath(null, List.of());

    static ClassPath parse(String text) {
        if (text == null || text.isBlank()) {
            return NONE;
        }
        List<Path> entries = new ArrayList<>();
        for (String part : text.split(File.pathSeparator)) {
            String p = part.strip();
            if (p.isEmpty()) {
                continue;
            }
            if (p.startsWith("@")) {
                Path list = Path.of(p.substring(1));
                String inner = TextFile.read(list, "class-path file", 16 << 20).strip();
                entries.addAll(parse(inner).entries());
            } else if (p.endsWith(File.separator + "*") || p.equals("*")) {
                entries.addAll(jarsIn(Path.of(p.substring(0, p.length() - 1))));
            } else {
                Path entry = Path.of(p);
                if (!Files.exists(entry)) {
                    throw new IllegalArgumentException("--class-path entry '" + p + "' does not exist (a typo, or a module not"
                            + " built yet: run mvn test-compile first)");
                }
                entries.add(entry);
            }
        }
        return new ClassPath(text, List.copyOf(entries));
    }

    private static List<Path> jarsIn(Path dir) {
        List<Path> jars = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("--class-path entry '" + dir + File.separator + "*': no such directory");
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.jar")) {
            files.forEach(jars::add);
        } catch (IOException e) {
            throw new IllegalArgumentException("--class-path: cannot list '" + dir + "': " + TextFile.reason(e));
        }
        jars.sort(null);
        return jars;
    }

    /** A loader of these entries after {@code parent}'s classes; the parent itself when there are none. */
    ClassLoader loader(ClassLoader parent) {
        if (entries.isEmpty()) {
            return parent;
        }
        URL[] urls = new URL[entries.size()];
        for (int i = 0; i < urls.length; i++) {
            try {
                urls[i] = entries.get(i).toUri().toURL();
            } catch (MalformedURLException e) {
                throw new IllegalArgumentException("--class-path entry '" + entries.get(i) + "' is not a usable path");
            }
        }
        return new URLClassLoader("dst-user", urls, parent);
    }

    /** {@code  --class-path TEXT} for replay lines, or nothing. */
    String option() {
        return text == null ? "" : " --class-path " + Shell.quote(text);
    }
}
