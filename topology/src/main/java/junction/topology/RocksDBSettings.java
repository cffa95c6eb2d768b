package junction.topology;

import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.Options;

/**
 * RocksDB settings of the tuned profile ({@link StreamsTuning#TUNED}), for every store of the
 * topology.
 *
 * <p>Kafka Streams builds its stores with {@code optimize_filters_for_hits}: the last level of each
 * store gets no Bloom filter, which saves the filter's memory on the assumption that a lookup
 * mostly finds its key. junction's lookups mostly miss while it catches up: the table source reads
 * a customer's old value before writing the new one, the join looks up the customer's
 * subscription, the delivery stamp looks up its last version, and for a new key each of those
 * misses. Without a filter every miss searches the last level's index and blocks (in the profile
 * of the bare join over 100k new customers, reads were 1/5 of the stream thread's time). With the
 * filter on every level a miss costs a few hashes; the price is about 10 bits of memory per key in
 * the last level (~120 KB per 100k keys).
 */
public final class RocksDBSettings implements RocksDBConfigSetter {

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        options.setOptimizeFiltersForHits(false);
    }

    @Override
    public void close(String storeName, Options options) {
        // Nothing was created here: the filter and cache are Kafka Streams' own, and it closes them.
    }
}
