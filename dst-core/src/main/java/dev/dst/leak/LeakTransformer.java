package dev.dst.leak;

import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The agent's transformer: rewrites the watched calls of each class its options select, and
 * leaves a class unchanged (never broken) when it cannot read it, when the class's loader
 * cannot see this copy of the traps, or when the class is the JDK's, hidden or redefined.
 */
final class LeakTransformer implements ClassFileTransformer {
    private static final String THREAD = "java/lang/Thread";

    private final AgentOptions options;
    private final Instrumentation instrumentation; // null in tests: named modules are then left alone
    private final Map<ClassLoader, Boolean> seesTraps = Collections.synchronizedMap(new WeakHashMap<>());
    private final Map<ClassLoader, Map<String, Boolean>> threadTypes = Collections.synchronizedMap(new WeakHashMap<>());

    LeakTransformer(AgentOptions options, Instrumentation instrumentation) {
        this.options = options;
        this.instrumentation = instrumentation;
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String className, Class<?> classBeingRedefined,
            ProtectionDomain protectionDomain, byte[] bytes) {
        if (className == null || loader == null || loader == ClassLoader.getPlatformClassLoader()
                || classBeingRedefined != null || !options.rewrites(className)) {
            return null;
        }
        try {
            Rewriter.Result r = Rewriter.rewrite(bytes, owner -> isThread(loader, owner));
            if (r == null) {
                return null;
            }
            if (!seesTraps(loader)) {
                debug("left " + className + " unchanged: its class loader " + loader + " does not see dev.dst.leak.Traps of the agent");
                return null;
            }
            if (module != null && module.isNamed() && !readsTraps(module)) {
                debug("left " + className + " unchanged: its module " + module.getName() + " cannot be made to read the traps");
                return null;
            }
            debug("rewrote " + className + ": " + r.sites() + (r.sites() == 1 ? " call site" : " call sites"));
            return r.bytes();
        } catch (RuntimeException | StackOverflowError e) {
            debug("left " + className + " unchanged: " + e);
            return null;
        }
    }

    /** Loads the rewriter's classes before the transformer is registered, by rewriting the traps' own bytes. */
    void warmUp() {
        try (InputStream in = Traps.class.getResourceAsStream("Traps.class")) {
            if (in != null) {
                Rewriter.rewrite(in.readAllBytes(), owner -> false);
            }
        } catch (IOException | RuntimeException e) {
            debug("warm-up failed: " + e);
        }
    }

    private boolean seesTraps(ClassLoader loader) {
        Boolean known = seesTraps.get(loader);
        if (known == null) { // loaded outside the map's lock: loading may wait for another loader's lock
            boolean sees;
            try {
                sees = Class.forName(Traps.class.getName(), false, loader) == Traps.class;
            } catch (ClassNotFoundException | LinkageError e) {
                sees = false;
            }
            seesTraps.put(loader, sees);
            known = sees;
        }
        return known;
    }

    private boolean readsTraps(Module module) {
        Module traps = Traps.class.getModule();
        if (module.canRead(traps)) {
            return true;
        }
        if (instrumentation == null || !instrumentation.isModifiableModule(module)) {
            return false;
        }
        instrumentation.redefineModule(module, Set.of(traps), Map.of(), Map.of(), Set.of(), Map.of());
        return true;
    }

    /** Whether the class {@code name}, as {@code loader} would load it, is Thread or a subclass. */
    private boolean isThread(ClassLoader loader, String name) {
        Map<String, Boolean> known = threadTypes.computeIfAbsent(loader, l -> new ConcurrentHashMap<>());
        return isThread(loader, name, known, 0);
    }

    private boolean isThread(ClassLoader loader, String name, Map<String, Boolean> known, int depth) {
        if (name.equals(THREAD)) {
            return true;
        }
        if (name.equals("java/lang/Object") || depth > 64) {
            return false;
        }
        Boolean cached = known.get(name);
        if (cached != null) {
            return cached;
        }
        boolean result;
        if (name.startsWith("java/") || name.startsWith("jdk/") || name.startsWith("sun/") || name.startsWith("javax/")) {
            result = jdkSubclassOfThread(name);
        } else {
            // read from the class file rather than loaded, which could recurse into this class's own loading
            String superName = superNameOf(loader, name);
            result = superName != null && isThread(loader, superName, known, depth + 1);
        }
        known.put(name, result);
        return result;
    }

    private static boolean jdkSubclassOfThread(String name) {
        try {
            return Thread.class.isAssignableFrom(Class.forName(name.replace('/', '.'), false, ClassLoader.getPlatformClassLoader()));
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private static String superNameOf(ClassLoader loader, String name) {
        try (InputStream in = loader.getResourceAsStream(name + ".class")) {
            return in == null ? null : new ClassFile(in.readAllBytes()).superName;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private void debug(String message) {
        if (options.debug()) {
            System.err.println("[dst leak guard] " + message);
        }
    }
}
