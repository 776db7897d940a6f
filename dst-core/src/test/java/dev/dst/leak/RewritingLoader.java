package dev.dst.leak;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Predicate;

/**
 * A class loader that defines the classes it is asked to (child first), each as the leak
 * guard's transformer rewrites it, and leaves everything else, the traps included, to its
 * parent: the agent's effect without an agent.
 */
final class RewritingLoader extends ClassLoader {
    static {
        registerAsParallelCapable();
    }

    private final LeakTransformer transformer;
    private final Predicate<String> defines;
    private final Path directory; // where class files are read from; null: the parent's resources
    int rewritten;

    /** Rewrites the classes of {@code package}, read from the parent's class path. */
    RewritingLoader(String packageName) {
        this(AgentOptions.parse("include=" + packageName), name -> name.startsWith(packageName + "."), null);
    }

    RewritingLoader(AgentOptions options, Predicate<String> defines, Path directory) {
        super(RewritingLoader.class.getClassLoader());
        this.transformer = new LeakTransformer(options, null);
        this.defines = defines;
        this.directory = directory;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (!defines.test(name)) {
            return super.loadClass(name, resolve);
        }
        synchronized (getClassLoadingLock(name)) {
            Class<?> c = findLoadedClass(name);
            if (c == null) {
                byte[] original = bytes(name);
                byte[] changed = transformer.transform(null, this, name.replace('.', '/'), null, null, original);
                if (changed != null) {
                    rewritten++;
                }
                byte[] b = changed == null ? original : changed;
                c = defineClass(name, b, 0, b.length);
            }
            if (resolve) {
                resolveClass(c);
            }
            return c;
        }
    }

    private byte[] bytes(String name) throws ClassNotFoundException {
        String file = name.replace('.', '/') + ".class";
        try {
            if (directory != null) {
                Path p = directory.resolve(file);
                if (Files.exists(p)) {
                    return Files.readAllBytes(p);
                }
            }
            try (InputStream in = getParent().getResourceAsStream(file)) {
                if (in == null) {
                    throw new ClassNotFoundException(name);
                }
                return in.readAllBytes();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public InputStream getResourceAsStream(String name) {
        if (directory != null && Files.exists(directory.resolve(name))) {
            try {
                return Files.newInputStream(directory.resolve(name));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return super.getResourceAsStream(name);
    }
}
