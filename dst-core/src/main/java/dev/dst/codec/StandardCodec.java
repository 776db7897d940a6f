package dev.dst.codec;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The reflective object-graph codec behind {@link Codecs#standard()} and
 * {@link Codecs#builder()}. A message is a format byte and one value; a value is a tag and a
 * body (see {@link Tags}); a class is named the first time a message uses it and numbered
 * after that; a tracked object met again is a back-reference by number. Plans are made once
 * per class ({@link ClassValue}); each thread reuses its own writer and reader.
 */
final class StandardCodec implements Codec {
    private final Map<Class<?>, Plan> registered;
    private final ClassLoader loader;
    private final AtomicInteger planIds = new AtomicInteger();
    private final ClassValue<Plan> plans = new ClassValue<>() {
        @Override
        protected Plan computeValue(Class<?> type) {
            return named(create(type));
        }
    };
    private final ConcurrentHashMap<Long, Plan> byName = new ConcurrentHashMap<>();
    private final ThreadLocal<Writer> writers = ThreadLocal.withInitial(() -> new Writer(this));
    private final ThreadLocal<Reader> readers = ThreadLocal.withInitial(() -> new Reader(this));

    StandardCodec(Map<Class<?>, Plan> registered, ClassLoader loader) {
        this.registered = Map.copyOf(registered);
        this.loader = loader;
        this.registered.values().forEach(this::named);
    }

    @Override
    public byte[] encode(Object message) {
        try {
            return encodeAlone(message);
        } catch (CodecException e) {
            throw e.atRoot(message.getClass());
        }
    }

    /** {@link #encode} without naming the root in an error: for a value encoded on its own inside another encoding. */
    byte[] encodeAlone(Object message) {
        Writer w = writers.get();
        if (w.inUse) {
            w = new Writer(this); // an encoder or a canonical-order tie-break encoding inside an encoding
        }
        w.inUse = true;
        w.begin();
        try {
            w.put(Tags.FORMAT_VERSION);
            w.writeValue(message);
            return w.toByteArray();
        } catch (StackOverflowError e) {
            throw CodecException.cannotEncode(message.getClass(), "the object graph nests too deeply for the encoder's recursion "
                    + "(a chain of thousands of linked objects?): register an encoder for the class of its links, or raise -Xss");
        } finally {
            w.end();
            w.inUse = false;
        }
    }

    @Override
    public Object decode(byte[] bytes) {
        return decode(bytes, 0, bytes.length);
    }

    @Override
    public Object decode(byte[] bytes, int offset, int length) {
        if (offset < 0 || length < 0 || offset > bytes.length - length) {
            throw new IndexOutOfBoundsException("offset " + offset + ", length " + length + " of " + bytes.length + " bytes");
        }
        Reader r = readers.get();
        if (r.inUse) {
            r = new Reader(this);
        }
        r.inUse = true;
        r.begin(bytes, offset, length);
        try {
            int version = r.get();
            if (version != Tags.FORMAT_VERSION) {
                throw CodecException.malformed("format " + version + ", expected " + Tags.FORMAT_VERSION
                        + " (are these bytes from dst's standard codec?)");
            }
            Object value = r.readValue();
            if (r.pos != r.end) {
                throw CodecException.malformed((r.end - r.pos) + " bytes left after the message");
            }
            return value;
        } catch (CodecException e) {
            throw e;
        } catch (RuntimeException e) {
            throw CodecException.malformed(e + " at byte " + (r.pos - offset), e);
        } catch (StackOverflowError e) {
            throw CodecException.malformed("the object graph nests too deeply for the decoder's recursion: raise -Xss");
        } finally {
            r.end();
            r.inUse = false;
        }
    }

    Plan plan(Class<?> type) {
        return plans.get(type);
    }

    private Plan create(Class<?> type) {
        Plan custom = registered.get(type);
        if (custom != null) {
            return custom;
        }
        Plan builtin = Builtins.byClass(type);
        if (builtin != null) {
            return builtin;
        }
        if (type.isArray()) {
            return new Builtins.ObjectArray(type);
        }
        if (type.isEnum()) {
            return new ObjectPlans.EnumPlan(type);
        }
        if (type.getSuperclass() != null && type.getSuperclass().isEnum()) {
            return plan(type.getSuperclass()); // a constant with a body
        }
        String refusal = Refusals.reason(type);
        if (refusal != null) {
            return new Plan.Refused(type, refusal);
        }
        if (type.isRecord()) {
            return ObjectPlans.RecordPlan.of(type);
        }
        return ObjectPlans.FieldPlan.of(type);
    }

    /** Gives a plan written with a class reference its name and number, and makes it findable by name. */
    private Plan named(Plan p) {
        boolean byClassName = p.tag == Tags.OBJECT || p.tag == Tags.OBJECT_ARRAY;
        if (!byClassName || p instanceof Plan.Refused) {
            return p;
        }
        synchronized (p) {
            if (p.nameBytes == null) {
                Writer w = new Writer(this);
                w.putString(p.type.getName());
                p.nameBytes = w.toByteArray();
                p.id = planIds.getAndIncrement();
            }
        }
        byName.putIfAbsent(Codecs.hash(p.nameBytes), p);
        return p;
    }

    /** The plan whose encoded class name is {@code buf[start, end)}: by hash when this JVM has seen it, else loaded. */
    Plan planByName(byte[] buf, int start, int end) {
        long key = Codecs.hash(buf, start, end - start);
        Plan p = byName.get(key);
        if (p != null && Arrays.equals(p.nameBytes, 0, p.nameBytes.length, buf, start, end)) {
            return p;
        }
        Reader r = new Reader(this);
        r.begin(buf, start, end - start);
        String name = r.getString();
        Class<?> type;
        try {
            type = Class.forName(name, false, loader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw CodecException.malformed("class " + name + " is not on the class path", e);
        }
        p = plan(type);
        if (p.nameBytes == null || !Arrays.equals(p.nameBytes, 0, p.nameBytes.length, buf, start, end)) {
            throw CodecException.malformed("class " + name + " is not written by name (" + new String(buf, start, end - start, ISO_8859_1) + ")");
        }
        return p;
    }

    private ClassLoader loader() {
        if (loader != null) {
            return loader;
        }
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : StandardCodec.class.getClassLoader();
    }
}
