package junction.ingest;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.IntFunction;

/**
 * A read-only map over the generator's compact state: id to record for every live number, the
 * records built on access. It reflects later updates; copy it for a snapshot. Iteration is in id
 * order.
 */
final class LiveStateView<V> extends AbstractMap<String, V> {

    private final IdFormat ids;
    private final LiveSet live;
    private final IntFunction<V> record;

    LiveStateView(IdFormat ids, LiveSet live, IntFunction<V> record) {
        this.ids = ids;
        this.live = live;
        this.record = record;
    }

    @Override
    public V get(Object key) {
        int number = ids.parse(key);
        return live.isLive(number) ? record.apply(number) : null;
    }

    @Override
    public boolean containsKey(Object key) {
        return live.isLive(ids.parse(key));
    }

    @Override
    public int size() {
        return live.liveCount();
    }

    @Override
    public Set<Map.Entry<String, V>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public int size() {
                return live.liveCount();
            }

            @Override
            public Iterator<Map.Entry<String, V>> iterator() {
                return new Iterator<>() {
                    private int next = advance(1);

                    private int advance(int from) {
                        int n = from;
                        while (n <= live.total() && !live.isLive(n)) {
                            n++;
                        }
                        return n;
                    }

                    @Override
                    public boolean hasNext() {
                        return next <= live.total();
                    }

                    @Override
                    public Map.Entry<String, V> next() {
                        if (!hasNext()) {
                            throw new NoSuchElementException();
                        }
                        int number = next;
                        next = advance(number + 1);
                        return new SimpleImmutableEntry<>(ids.format(number), record.apply(number));
                    }
                };
            }
        };
    }
}
