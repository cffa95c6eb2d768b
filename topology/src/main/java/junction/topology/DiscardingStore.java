package junction.topology;

import java.util.List;
import java.util.NoSuchElementException;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A key-value store that keeps nothing: every write is dropped and every read misses.
 *
 * <p>It holds the foreign-key join's result in the tuned profile. Kafka Streams makes a named join
 * result a materialized table (and junction must name it: it enforces explicit names), so by
 * default each merged record costs a RocksDB read of the previous result, a write, and a copy of
 * every merged record on disk. Nothing reads that table: the result goes on as a stream of
 * changes, the output topic is its compacted changelog, and no interactive query is served. The
 * only reader, the table's own processor, asks for the old value to forward it downstream, and the
 * old value is only forwarded when something downstream asked for old values, which nothing does.
 * So the store can forget, and the join result costs neither CPU nor disk.
 */
final class DiscardingStore implements KeyValueStore<Bytes, byte[]> {

    private final String name;
    private volatile boolean open;

    private DiscardingStore(String name) {
        this.name = name;
    }

    /** A supplier of stores under {@code name} that keep nothing. */
    static KeyValueBytesStoreSupplier supplier(String name) {
        return new KeyValueBytesStoreSupplier() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public KeyValueStore<Bytes, byte[]> get() {
                return new DiscardingStore(name);
            }

            @Override
            public String metricsScope() {
                return "discarding";
            }
        };
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        // Registering is how a store joins its task; there is nothing to restore into it.
        context.register(root, (key, value) -> { });
        open = true;
    }

    @Override
    public void close() {
        open = false;
    }

    @Override
    public boolean persistent() {
        return false;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void put(Bytes key, byte[] value) {
        // Kept nowhere: see the class comment.
    }

    @Override
    public byte[] putIfAbsent(Bytes key, byte[] value) {
        return null;
    }

    @Override
    public void putAll(List<KeyValue<Bytes, byte[]>> entries) {
        // Kept nowhere: see the class comment.
    }

    @Override
    public byte[] delete(Bytes key) {
        return null;
    }

    @Override
    public byte[] get(Bytes key) {
        return null;
    }

    @Override
    public KeyValueIterator<Bytes, byte[]> range(Bytes from, Bytes to) {
        return empty();
    }

    @Override
    public KeyValueIterator<Bytes, byte[]> all() {
        return empty();
    }

    @Override
    public long approximateNumEntries() {
        return 0;
    }

    private static KeyValueIterator<Bytes, byte[]> empty() {
        return new KeyValueIterator<>() {
            @Override
            public boolean hasNext() {
                return false;
            }

            @Override
            public KeyValue<Bytes, byte[]> next() {
                throw new NoSuchElementException("a discarding store holds nothing");
            }

            @Override
            public Bytes peekNextKey() {
                throw new NoSuchElementException("a discarding store holds nothing");
            }

            @Override
            public void close() {
                // Nothing to release.
            }
        };
    }
}
