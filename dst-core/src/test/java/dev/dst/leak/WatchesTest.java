package dev.dst.leak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The watch table held against the JDK it watches and the traps it names. */
final class WatchesTest {
    private static final int JAVA = Runtime.version().feature();

    @Test
    void everyWatchedCallIsAPublicJdkMethodOfThatShape() throws Exception {
        int checked = 0;
        for (Watches.Entry e : Watches.all()) {
            if (e.since() > JAVA) {
                continue; // e.g. Thread.sleep(Duration) on Java 17: checked on a newer JDK
            }
            assertTrue(e.owner().startsWith("java/"), "the rewriter's first filter looks only at java/ owners: " + e);
            Class<?> owner = type(e.owner());
            MethodType type = MethodType.fromMethodDescriptorString(e.desc(), null);
            if (e.name().equals("<init>")) {
                assertTrue(Modifier.isPublic(owner.getConstructor(type.parameterArray()).getModifiers()), e.toString());
            } else {
                Method m = owner.getMethod(e.name(), type.parameterArray());
                assertEquals(type.returnType(), m.getReturnType(), e.toString());
                assertEquals(e.kind() == Watches.Kind.STATIC, Modifier.isStatic(m.getModifiers()), e.toString());
            }
            checked++;
        }
        assertTrue(checked > 100, checked + " checked");
    }

    @Test
    void everyTrapIsPublicWithTheStackEffectOfTheCallItReplaces() throws Exception {
        for (Watches.Entry e : Watches.all()) {
            Watches.Trap trap = e.trap();
            String expected = switch (e.kind()) {
                case STATIC -> e.desc();
                case INSTANCE -> "(L" + e.owner() + ";" + e.desc().substring(1);
                case NO_ARG_NEW -> "()L" + e.owner() + ";";
                case NEW -> e.desc();
            };
            assertEquals(expected, trap.desc(), e.toString());
            assertTrue(exists(trap), "no trap " + trap + " for " + e);
            if (e.kind() == Watches.Kind.NEW) {
                assertEquals(type(e.owner()), type(trap.owner()).getSuperclass(), e.toString());
            }
        }
        assertTrue(exists(Watches.THREAD_START) && exists(Watches.PARALLEL_STREAM));
    }

    @Test
    void everyPublicTrapIsInTheTable() throws Exception {
        Set<Watches.Trap> named = new HashSet<>(List.of(Watches.THREAD_START, Watches.PARALLEL_STREAM));
        Watches.all().forEach(e -> named.add(e.trap()));
        List<Watches.Trap> unnamed = new ArrayList<>();
        for (String owner : List.of(Watches.TRAPS, Watches.ASYNC)) {
            for (Method m : type(owner).getDeclaredMethods()) {
                Watches.Trap t = new Watches.Trap(owner, m.getName(), MethodType.methodType(m.getReturnType(), m.getParameterTypes()).toMethodDescriptorString());
                if (Modifier.isPublic(m.getModifiers()) && !named.contains(t)) {
                    unnamed.add(t);
                }
            }
        }
        for (Watches.Trap t : named) {
            if (t.name().equals("<init>")) {
                for (Constructor<?> c : type(t.owner()).getConstructors()) {
                    Watches.Trap declared = new Watches.Trap(t.owner(), "<init>", MethodType.methodType(void.class, c.getParameterTypes()).toMethodDescriptorString());
                    if (!named.contains(declared)) {
                        unnamed.add(declared);
                    }
                }
            }
        }
        assertEquals(List.of(), unnamed);
    }

    private static boolean exists(Watches.Trap trap) throws ClassNotFoundException {
        Class<?> owner = type(trap.owner());
        if (!Modifier.isPublic(owner.getModifiers())) {
            return false;
        }
        MethodType type = MethodType.fromMethodDescriptorString(trap.desc(), null);
        try {
            if (trap.name().equals("<init>")) {
                return Modifier.isPublic(owner.getConstructor(type.parameterArray()).getModifiers());
            }
            Method m = owner.getMethod(trap.name(), type.parameterArray());
            return Modifier.isStatic(m.getModifiers()) && m.getReturnType() == type.returnType();
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    private static Class<?> type(String internalName) throws ClassNotFoundException {
        return Class.forName(internalName.replace('/', '.'));
    }
}
