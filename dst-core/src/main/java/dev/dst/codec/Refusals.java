package dev.dst.codec;

import java.lang.reflect.Proxy;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Values that must not cross a network, found before dst tries to read their fields, with what to say. */
final class Refusals {
    private Refusals() {}

    private record Kind(String className, String what) {}

    private static final String ADVICE = " must not cross a network: mark the field transient, or keep it out of the message";

    private static final List<Kind> KINDS = List.of(
            new Kind("java.lang.Thread", "a thread"),
            new Kind("java.lang.ThreadGroup", "a thread group"),
            new Kind("java.util.concurrent.Executor", "an executor"),
            new Kind("java.lang.ClassLoader", "a class loader"),
            new Kind("java.lang.Class", "a Class object"),
            new Kind("java.io.InputStream", "an I/O stream"),
            new Kind("java.io.OutputStream", "an I/O stream"),
            new Kind("java.io.Reader", "a reader"),
            new Kind("java.io.Writer", "a writer"),
            new Kind("java.util.stream.BaseStream", "a stream"),
            new Kind("java.net.Socket", "a socket"),
            new Kind("java.net.ServerSocket", "a socket"),
            new Kind("java.net.DatagramSocket", "a socket"),
            new Kind("java.nio.channels.Channel", "a channel"),
            new Kind("java.util.concurrent.Future", "a future"),
            new Kind("java.util.concurrent.CompletionStage", "a future"),
            new Kind("java.util.concurrent.locks.Lock", "a lock"),
            new Kind("java.util.concurrent.locks.ReadWriteLock", "a lock"),
            new Kind("java.lang.ref.Reference", "a reference object"),
            new Kind("java.lang.reflect.AccessibleObject", "a reflection object"),
            new Kind("java.lang.Runtime", "the runtime"),
            new Kind("java.lang.Process", "a process"),
            new Kind("java.util.Timer", "a timer"),
            new Kind("java.util.TimerTask", "a timer task"),
            new Kind("java.util.Random", "a random generator (nodes draw from dst's entropy; send a seed if they must agree)"));

    private static final List<Map.Entry<Class<?>, String>> TYPES = KINDS.stream()
            .<Map.Entry<Class<?>, String>>mapMulti((k, out) -> {
                try {
                    out.accept(Map.entry(Class.forName(k.className(), false, Refusals.class.getClassLoader()), k.what()));
                } catch (ClassNotFoundException | LinkageError e) {
                    // a JDK without that module cannot make such a value either
                }
            })
            .toList();

    /** Why {@code type} is refused, or null when dst should try it. */
    static String reason(Class<?> type) {
        if (type.isHidden() || type.isSynthetic() && type.getName().contains("$$Lambda")) {
            return "a lambda (or another hidden class) cannot cross a network: send a record or an enum that says what to do";
        }
        if (Proxy.isProxyClass(type)) {
            return "a dynamic proxy" + ADVICE;
        }
        for (Map.Entry<Class<?>, String> e : TYPES) {
            if (e.getKey().isAssignableFrom(type)) {
                return e.getValue() + ADVICE;
            }
        }
        if (type.getModule().isNamed() && !type.getModule().isOpen(type.getPackageName(), Refusals.class.getModule())
                && (Collection.class.isAssignableFrom(type) || Map.class.isAssignableFrom(type) || Iterator.class.isAssignableFrom(type))) {
            return "a view or kind of JDK collection that dst does not know: copy it into an ArrayList, HashMap or another "
                    + "collection dst knows before sending, or register an encoder";
        }
        return null;
    }
}
