package junction.topology;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Named sets of Kafka Streams and client settings for the join ({@code --tuning}). {@link #BASELINE}
 * keeps the settings junction ran with before they were tuned, so a benchmark can run both side by
 * side on the same data ({@code ./junction bench --scenario join}); {@link #TUNED} is the default.
 * Settings given with {@code --kafka} still override either.
 *
 * <p>What the tuned profile changes, and why (measured in the README's Benchmarks section):
 * <ul>
 *   <li>the main consumer's {@code max.partition.fetch.bytes} 1 MiB → 64 KiB. With 100k customers
 *   already on the topic, a fetch brought about a megabyte of each customer partition at a time, and
 *   the thread worked through the customer table ahead of the subscriptions and responses it wrote
 *   itself: no merged record left the app for the first 20 s or more. Small fetches interleave the
 *   join's own hops with the table, so the first merged records leave within seconds.</li>
 *   <li>the producer's {@code linger.ms} 10 → 2 ms: the foreign-key join has two internal hops
 *   (subscription, response) and the output; at a steady rate each hop waited out the linger. Under
 *   a backlog the batches still fill while the sender is busy.</li>
 *   <li>the producer's {@code compression.type} lz4 → none: the internal topics and the output are
 *   re-read at once by this app and a co-located broker, so compressing them cost CPU on both sides
 *   and saved nothing; give {@code --kafka producer.compression.type=lz4} where the network to the
 *   brokers is the bottleneck.</li>
 *   <li>Bloom filters on every level of every RocksDB store ({@link RocksDBSettings}): a catch-up's
 *   lookups are mostly of keys the store does not hold yet.</li>
 *   <li>the join result kept nowhere ({@link DiscardingStore}, set in {@link StreamApp}): nothing
 *   reads it.</li>
 * </ul>
 */
public enum StreamsTuning {

    /** junction's settings until the join was profiled: kept to measure against. */
    BASELINE,
    /** The settings the profiling led to; the default. */
    TUNED;

    /** The option value, e.g. "tuned". */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The profile of an option value, ignoring case. */
    public static StreamsTuning ofLabel(String label) {
        for (StreamsTuning tuning : values()) {
            if (tuning.label().equalsIgnoreCase(label)) {
                return tuning;
            }
        }
        throw new IllegalArgumentException("--tuning must be one of "
                + Arrays.stream(values()).map(StreamsTuning::label).toList() + ", was '" + label + "'");
    }

    /** The Kafka Streams and client properties of this profile, in the order they are applied. */
    public Map<String, Object> properties() {
        Map<String, Object> p = new LinkedHashMap<>();
        // The FK join writes subscription and response topics: batch them like the input producer.
        p.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), 10);
        p.put(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), 256 * 1024);
        p.put(StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG), "lz4");
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_POLL_RECORDS_CONFIG), 2000);
        if (this == TUNED) {
            p.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG), 64 * 1024);
            p.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), 2);
            p.put(StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG), "none");
            p.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, RocksDBSettings.class);
        }
        return p;
    }
}
