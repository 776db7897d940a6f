package dev.dst.codec;

import static dev.dst.codec.Elements.canonicalElements;
import static dev.dst.codec.Elements.entries;
import static dev.dst.codec.Elements.writeComparator;
import static dev.dst.codec.Elements.writeElements;
import static dev.dst.codec.Elements.writeEntries;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * JDK collections. Mutable ones keep their class and are tracked (shared references and
 * cycles survive); unmodifiable wrappers and {@code Arrays.asList} are rebuilt around a fresh
 * inner collection; {@code List.of}/{@code Set.of}/{@code Map.of}, empty and singleton
 * collections are values. Hash-ordered collections are written in a canonical order (see
 * {@link Elements#canonicalOrder}) so that equal contents give equal bytes whatever their insertion
 * history, and decode into a collection whose iteration order depends only on its contents.
 */
@SuppressWarnings({"unchecked", "rawtypes"})
final class CollectionPlans {
    private CollectionPlans() {}

    static void addTo(Plan[] byTag, IdentityHashMap<Class<?>, Plan> byClass) {
        List<Plan> plans = new ArrayList<>();
        // mutable, in iteration order
        plans.add(new Sequence(ArrayList.class, Tags.ARRAY_LIST, ArrayList::new, null));
        plans.add(new Sequence(LinkedList.class, Tags.LINKED_LIST, n -> new LinkedList<>(), null));
        plans.add(new Sequence(ArrayDeque.class, Tags.ARRAY_DEQUE, ArrayDeque::new, null));
        plans.add(new Sequence(LinkedHashSet.class, Tags.LINKED_HASH_SET, n -> new LinkedHashSet<>(capacity(n)), null));
        plans.add(new Sequence(HashSet.class, Tags.HASH_SET, n -> new HashSet<>(capacity(n)), null, true));
        plans.add(new Mapping(HashMap.class, Tags.HASH_MAP, n -> new HashMap<>(capacity(n)), null, true));
        plans.add(new Mapping(ConcurrentHashMap.class, Tags.CONCURRENT_HASH_MAP, n -> new ConcurrentHashMap<>(capacity(n)), null, true));
        plans.add(new Mapping(LinkedHashMap.class, Tags.LINKED_HASH_MAP, n -> new LinkedHashMap<>(capacity(n)), null, false));
        plans.add(new SortedSequence(TreeSet.class, Tags.TREE_SET, TreeSet::new, null));
        plans.add(new SortedMapping(TreeMap.class, Tags.TREE_MAP, TreeMap::new, null));
        // unmodifiable views, rebuilt around a fresh collection of the same kind
        plans.add(new Sequence(Collections.unmodifiableCollection(new ArrayList<>()).getClass(), Tags.UNMODIFIABLE_COLLECTION,
                ArrayList::new, Collections::unmodifiableCollection));
        Function<Collection, Collection> unmodifiableList = c -> Collections.unmodifiableList((List) c);
        plans.add(new Sequence(Collections.unmodifiableList(new ArrayList<>()).getClass(), Tags.UNMODIFIABLE_LIST,
                ArrayList::new, unmodifiableList));
        plans.add(new Sequence(Collections.unmodifiableList(new LinkedList<>()).getClass(), Tags.UNMODIFIABLE_LIST,
                ArrayList::new, unmodifiableList));
        plans.add(new Sequence(Collections.unmodifiableSet(new HashSet<>()).getClass(), Tags.UNMODIFIABLE_SET,
                n -> new LinkedHashSet<>(capacity(n)), c -> Collections.unmodifiableSet((Set) c)));
        plans.add(new SortedSequence(Collections.unmodifiableSortedSet(new TreeSet<>()).getClass(), Tags.UNMODIFIABLE_SORTED_SET,
                TreeSet::new, c -> Collections.unmodifiableSortedSet((SortedSet) c)));
        plans.add(new SortedSequence(Collections.unmodifiableNavigableSet(new TreeSet<>()).getClass(), Tags.UNMODIFIABLE_NAVIGABLE_SET,
                TreeSet::new, c -> Collections.unmodifiableNavigableSet((TreeSet) c)));
        plans.add(new Mapping(Collections.unmodifiableMap(new HashMap<>()).getClass(), Tags.UNMODIFIABLE_MAP,
                n -> new LinkedHashMap<>(capacity(n)), Collections::unmodifiableMap, false));
        plans.add(new SortedMapping(Collections.unmodifiableSortedMap(new TreeMap<>()).getClass(), Tags.UNMODIFIABLE_SORTED_MAP,
                TreeMap::new, m -> Collections.unmodifiableSortedMap((SortedMap) m)));
        plans.add(new SortedMapping(Collections.unmodifiableNavigableMap(new TreeMap<>()).getClass(), Tags.UNMODIFIABLE_NAVIGABLE_MAP,
                TreeMap::new, m -> Collections.unmodifiableNavigableMap((TreeMap) m)));
        plans.add(new AsList());
        plans.add(new EnumSets(EnumSet.noneOf(Small.class).getClass()));
        // immutable values
        for (List<?> l : List.of(List.of(), List.of(1), List.of(1, 2, 3), List.of(1, 2, 3).subList(0, 2))) {
            plans.add(new ImmutableCollectionPlans.ListOf(l.getClass()));
        }
        for (Set<?> s : List.of(Set.of(), Set.of(1), Set.of(1, 2, 3))) {
            plans.add(new ImmutableCollectionPlans.SetOf(s.getClass()));
        }
        for (Map<?, ?> m : List.of(Map.of(), Map.of(1, 1), Map.of(1, 1, 2, 2))) {
            plans.add(new ImmutableCollectionPlans.MapOf(m.getClass()));
        }
        plans.add(ImmutableCollectionPlans.constant(Collections.emptyList(), Tags.EMPTY_LIST));
        plans.add(ImmutableCollectionPlans.constant(Collections.emptySet(), Tags.EMPTY_SET));
        plans.add(ImmutableCollectionPlans.constant(Collections.emptyMap(), Tags.EMPTY_MAP));
        plans.add(new ImmutableCollectionPlans.Singleton(Collections.singletonList(1).getClass(), Tags.SINGLETON_LIST, Collections::singletonList));
        plans.add(new ImmutableCollectionPlans.Singleton(Collections.singleton(1).getClass(), Tags.SINGLETON_SET, Collections::singleton));
        plans.add(new ImmutableCollectionPlans.SingletonMap());
        for (Plan p : plans) {
            if (byTag[p.tag] == null) {
                byTag[p.tag] = p;
            }
            byClass.putIfAbsent(p.type, p);
        }
        try {
            // an enum of more than 64 constants has another EnumSet class
            Class<?> jumbo = Class.forName("java.util.JumboEnumSet");
            byClass.putIfAbsent(jumbo, new EnumSets(jumbo));
        } catch (ClassNotFoundException e) {
            // a JDK without it makes only one kind
        }
    }

    private enum Small { ONE }

    /** The capacity a HashMap needs for {@code n} entries without rehashing. */
    static int capacity(int n) {
        return (int) Math.min(1L << 30, (long) Math.ceil(n / 0.75));
    }

    /** A collection written in iteration order (or canonical order) and rebuilt by adding. */
    static final class Sequence extends Plan {
        private final IntFunction<Collection> make;
        private final Function<Collection, Collection> wrap;
        private final boolean canonical;

        Sequence(Class<?> type, int tag, IntFunction<Collection> make, Function<Collection, Collection> wrap) {
            this(type, tag, make, wrap, false);
        }

        Sequence(Class<?> type, int tag, IntFunction<Collection> make, Function<Collection, Collection> wrap, boolean canonical) {
            super(type, tag, true);
            this.make = make;
            this.wrap = wrap;
            this.canonical = canonical;
        }

        @Override
        void write(Writer w, Object v) {
            w.put(tag);
            if (canonical) {
                writeElements(w, canonicalElements(w, (Collection<?>) v));
            } else {
                writeElements(w, (Collection<?>) v);
            }
        }

        @Override
        Object read(Reader r) {
            int n = r.getCount();
            Collection c = make.apply(n);
            Object result = wrap == null ? c : wrap.apply(c);
            r.register(result);
            for (int i = 0; i < n; i++) {
                c.add(r.readValue());
            }
            return result;
        }
    }

    static final class Mapping extends Plan {
        private final IntFunction<Map> make;
        private final Function<Map, Map> wrap;
        private final boolean canonical;

        Mapping(Class<?> type, int tag, IntFunction<Map> make, Function<Map, Map> wrap, boolean canonical) {
            super(type, tag, true);
            this.make = make;
            this.wrap = wrap;
            this.canonical = canonical;
        }

        @Override
        void write(Writer w, Object v) {
            w.put(tag);
            writeEntries(w, entries(w, (Map<?, ?>) v, canonical));
        }

        @Override
        Object read(Reader r) {
            int n = r.getCount();
            Map m = make.apply(n);
            Object result = wrap == null ? m : wrap.apply(m);
            r.register(result);
            for (int i = 0; i < n; i++) {
                Object k = r.readValue();
                m.put(k, r.readValue());
            }
            return result;
        }
    }

    static final class SortedSequence extends Plan {
        private final Function<Comparator, Collection> make;
        private final Function<Collection, Collection> wrap;

        SortedSequence(Class<?> type, int tag, Function<Comparator, Collection> make, Function<Collection, Collection> wrap) {
            super(type, tag, true);
            this.make = make;
            this.wrap = wrap;
        }

        @Override
        void write(Writer w, Object v) {
            w.put(tag);
            writeComparator(w, ((SortedSet<?>) v).comparator());
            writeElements(w, (Collection<?>) v);
        }

        @Override
        Object read(Reader r) {
            int ref = r.reserve();
            Comparator cmp = (Comparator) r.readValue();
            Collection c = make.apply(cmp);
            Object result = wrap == null ? c : wrap.apply(c);
            r.fill(ref, result);
            int n = r.getCount();
            for (int i = 0; i < n; i++) {
                c.add(r.readValue());
            }
            return result;
        }
    }

    static final class SortedMapping extends Plan {
        private final Function<Comparator, Map> make;
        private final Function<Map, Map> wrap;

        SortedMapping(Class<?> type, int tag, Function<Comparator, Map> make, Function<Map, Map> wrap) {
            super(type, tag, true);
            this.make = make;
            this.wrap = wrap;
        }

        @Override
        void write(Writer w, Object v) {
            w.put(tag);
            writeComparator(w, ((SortedMap<?, ?>) v).comparator());
            writeEntries(w, entries(w, (Map<?, ?>) v, false));
        }

        @Override
        Object read(Reader r) {
            int ref = r.reserve();
            Comparator cmp = (Comparator) r.readValue();
            Map m = make.apply(cmp);
            Object result = wrap == null ? m : wrap.apply(m);
            r.fill(ref, result);
            int n = r.getCount();
            for (int i = 0; i < n; i++) {
                Object k = r.readValue();
                m.put(k, r.readValue());
            }
            return result;
        }
    }

    /** {@code Arrays.asList}: a fixed-size list over a fresh {@code Object[]}. */
    static final class AsList extends Plan {
        AsList() {
            super(Arrays.asList().getClass(), Tags.ARRAYS_AS_LIST, true);
        }

        @Override
        void write(Writer w, Object v) {
            w.put(tag);
            writeElements(w, (Collection<?>) v);
        }

        @Override
        Object read(Reader r) {
            Object[] a = new Object[r.getCount()];
            List<Object> l = Arrays.asList(a);
            r.register(l);
            for (int i = 0; i < a.length; i++) {
                a[i] = r.readValue();
            }
            return l;
        }
    }

    /** An {@code EnumSet}: its enum class (even when empty), then ordinals. */
    static final class EnumSets extends Plan {
        EnumSets(Class<?> type) {
            super(type, Tags.ENUM_SET, true);
        }

        @Override
        void write(Writer w, Object v) {
            EnumSet<?> s = (EnumSet<?>) v;
            EnumSet<?> probe = s.isEmpty() ? EnumSet.complementOf(s) : s;
            if (probe.isEmpty()) {
                throw CodecException.cannotEncode(type, "an EnumSet of an enum without constants");
            }
            w.put(tag);
            w.writeClass(w.codec.plan(probe.iterator().next().getDeclaringClass()));
            w.putVarInt(s.size());
            for (Enum<?> e : s) {
                w.putVarInt(e.ordinal());
            }
        }

        @Override
        Object read(Reader r) {
            Plan p = r.readClass();
            if (!(p instanceof ObjectPlans.EnumPlan e)) {
                throw CodecException.malformed("an EnumSet of " + p.type.getName() + ", which is not an enum");
            }
            EnumSet s = EnumSet.noneOf((Class) p.type);
            r.register(s);
            int n = r.getCount();
            for (int i = 0; i < n; i++) {
                s.add(e.constant(r.getVarInt()));
            }
            return s;
        }
    }
}
