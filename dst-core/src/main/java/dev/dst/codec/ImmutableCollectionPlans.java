package dev.dst.codec;

import static dev.dst.codec.Elements.canonicalElements;
import static dev.dst.codec.Elements.entries;
import static dev.dst.codec.Elements.writeElements;
import static dev.dst.codec.Elements.writeEntries;

import java.util.AbstractMap;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Immutable JDK collections ({@code List.of}, {@code Set.of}, {@code Map.of}, empty and
 * singleton collections): values, written each time they are reached and rebuilt by the same
 * factories.
 */
@SuppressWarnings({"unchecked", "rawtypes"})
final class ImmutableCollectionPlans {
    private ImmutableCollectionPlans() {}

    /** {@code List.of}, {@code List.copyOf}, {@code Stream.toList}: rebuilt by {@code List.of} (or {@code Stream.toList} when it holds null). */
    static final class ListOf extends Plan {
        ListOf(Class<?> type) {
            super(type, Tags.LIST_OF, false);
        }

        @Override
        void write(Writer w, Object v) {
            w.put(tag);
            writeElements(w, (Collection<?>) v);
        }

        @Override
        Object read(Reader r) {
            Object[] a = new Object[r.getCount()];
            boolean nulls = false;
            for (int i = 0; i < a.length; i++) {
                a[i] = r.readValue();
                nulls |= a[i] == null;
            }
            return nulls ? Arrays.stream(a).toList() : List.of(a);
        }
    }

    /** {@code Set.of}: canonical order (its own iteration order is salted per JVM run). */
    static final class SetOf extends Plan {
        SetOf(Class<?> type) {
            super(type, Tags.SET_OF, false);
        }

        @Override
        void write(Writer w, Object v) {
            w.put(tag);
            writeElements(w, canonicalElements(w, (Collection<?>) v));
        }

        @Override
        Object read(Reader r) {
            Object[] a = new Object[r.getCount()];
            for (int i = 0; i < a.length; i++) {
                a[i] = r.readValue();
            }
            return Set.of(a);
        }
    }

    /** {@code Map.of}: canonical order of keys. */
    static final class MapOf extends Plan {
        MapOf(Class<?> type) {
            super(type, Tags.MAP_OF, false);
        }

        @Override
        void write(Writer w, Object v) {
            w.put(tag);
            writeEntries(w, entries(w, (Map<?, ?>) v, true));
        }

        @Override
        Object read(Reader r) {
            Map.Entry[] es = new Map.Entry[r.getCount()];
            for (int i = 0; i < es.length; i++) {
                Object k = r.readValue();
                es[i] = new AbstractMap.SimpleImmutableEntry<>(k, r.readValue());
            }
            return Map.ofEntries(es);
        }
    }

    static final class Singleton extends Plan {
        private final Function<Object, Object> make;

        Singleton(Class<?> type, int tag, Function<Object, Object> make) {
            super(type, tag, false);
            this.make = make;
        }

        @Override
        void write(Writer w, Object v) {
            w.put(tag);
            try {
                w.writeValue(((Collection<?>) v).iterator().next());
            } catch (CodecException e) {
                throw e.inElement("0");
            }
        }

        @Override
        Object read(Reader r) {
            return make.apply(r.readValue());
        }
    }

    static final class SingletonMap extends Plan {
        SingletonMap() {
            super(Collections.singletonMap(1, 1).getClass(), Tags.SINGLETON_MAP, false);
        }

        @Override
        void write(Writer w, Object v) {
            w.put(tag);
            writeEntries(w, ((Map<?, ?>) v).entrySet().toArray(new Map.Entry[0]));
        }

        @Override
        Object read(Reader r) {
            if (r.getCount() != 1) {
                throw CodecException.malformed("a singleton map of other than one entry");
            }
            Object k = r.readValue();
            return Collections.singletonMap(k, r.readValue());
        }
    }

    static Plan constant(Object instance, int tag) {
        return new Plan(instance.getClass(), tag, false) {
            @Override
            void write(Writer w, Object v) {
                w.put(tag);
            }

            @Override
            Object read(Reader r) {
                return instance;
            }
        };
    }
}
