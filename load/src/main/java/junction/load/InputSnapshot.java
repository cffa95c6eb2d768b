package junction.load;

import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import junction.model.Customer;
import junction.model.InventoryItem;
import junction.model.Topic;
import junction.model.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The final state of both input tables, read from the topics themselves: every partition from the
 * beginning to its end offset, the last value per key winning and tombstones removing the key.
 * Records that cannot be read (bad bytes, invalid values, null keys) are skipped and counted, as
 * the stream app skips them. For verifying a run when the generator's memory is not at hand.
 */
public final class InputSnapshot {

    private static final Duration POLL = Duration.ofMillis(200);

    private final Map<String, Customer> customers;
    private final Map<String, InventoryItem> inventory;
    private final long skipped;

    private InputSnapshot(Map<String, Customer> customers, Map<String, InventoryItem> inventory, long skipped) {
        this.customers = customers;
        this.inventory = inventory;
        this.skipped = skipped;
    }

    /** Reads the default {@link Topics#CUSTOMERS} and {@link Topics#INVENTORY}. */
    public static InputSnapshot read(String bootstrapServers, Duration timeout) {
        return read(bootstrapServers, Topics.CUSTOMERS, Topics.INVENTORY, timeout);
    }

    /**
     * Reads both topics up to the end offsets they have when reading starts.
     *
     * @throws TimeoutException if a topic cannot be read to its end within the timeout
     */
    public static InputSnapshot read(String bootstrapServers, Topic<String, Customer> customerTopic,
            Topic<String, InventoryItem> inventoryTopic, Duration timeout) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        // Aborted transactions never happened as far as the stream app is concerned.
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<byte[], byte[]> consumer =
                     new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            Table<Customer> customers = readTable(consumer, customerTopic, deadline);
            Table<InventoryItem> inventory = readTable(consumer, inventoryTopic, deadline);
            return new InputSnapshot(customers.values, inventory.values, customers.skipped + inventory.skipped);
        }
    }

    private record Table<V>(Map<String, V> values, long skipped) {
    }

    private static <V> Table<V> readTable(KafkaConsumer<byte[], byte[]> consumer, Topic<String, V> topic,
            long deadline) {
        List<TopicPartition> partitions = consumer.partitionsFor(topic.name(), remaining(deadline)).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions, remaining(deadline));
        Map<String, V> values = new HashMap<>();
        long skipped = 0;
        while (!reachedEnd(consumer, end, deadline)) {
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                if (record.offset() >= end.get(new TopicPartition(record.topic(), record.partition()))) {
                    continue;
                }
                try {
                    String key = topic.keySerde().deserializer().deserialize(record.topic(), record.key());
                    if (key == null) {
                        skipped++;
                        continue;
                    }
                    V value = topic.valueSerde().deserializer().deserialize(record.topic(), record.value());
                    if (value == null) {
                        values.remove(key);
                    } else {
                        values.put(key, value);
                    }
                } catch (SerializationException e) {
                    skipped++;
                }
            }
        }
        return new Table<>(Collections.unmodifiableMap(values), skipped);
    }

    private static boolean reachedEnd(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end, long deadline) {
        for (Map.Entry<TopicPartition, Long> partition : end.entrySet()) {
            if (consumer.position(partition.getKey(), remaining(deadline)) < partition.getValue()) {
                if (System.nanoTime() > deadline) {
                    throw new TimeoutException("could not read " + partition.getKey() + " to offset "
                            + partition.getValue() + " in time");
                }
                return false;
            }
        }
        return true;
    }

    private static Duration remaining(long deadline) {
        return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
    }

    /** Live customers by id. */
    public Map<String, Customer> customers() {
        return customers;
    }

    /** Live inventory items by sku. */
    public Map<String, InventoryItem> inventory() {
        return inventory;
    }

    /** Records that could not be read and were left out. */
    public long skipped() {
        return skipped;
    }
}
