package dev.dst.checker;

import dev.dst.history.Edn;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/** A total, deterministic order on history values (numbers first, by value; then everything else by its EDN text), for reports. */
final class ValueOrder implements Comparator<Object> {
    static final ValueOrder INSTANCE = new ValueOrder();

    private ValueOrder() {}

    @Override
    public int compare(Object a, Object b) {
        boolean na = a instanceof Long;
        boolean nb = b instanceof Long;
        if (na && nb) {
            return Long.compare((Long) a, (Long) b);
        }
        if (na != nb) {
            return na ? -1 : 1;
        }
        return Edn.write(a).compareTo(Edn.write(b));
    }

    static List<Object> sorted(Collection<?> values) {
        List<Object> out = new ArrayList<>(values);
        out.sort(INSTANCE);
        return out;
    }
}
