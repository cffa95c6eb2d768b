package junction.load;

import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import junction.app.topics.TopicReader;
import junction.model.Customer;
import junction.model.InventoryItem;
import junction.model.Topic;
import junction.model.Topics;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;

/**
 * The final state of both input tables, read from the topics themselves: every partition from the
 * beginning to its end offset, the last value per key winning and tombstones removing the key.
 * Records that cannot be read (bad bytes, invalid values, null keys) are skipped and counted, as
 * the stream app skips them. For verifying a run when the generator's memory is not at hand.
 */
public final class InputSnapshot {

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
        try (TopicReader reader = new TopicReader(bootstrapServers, timeout)) {
            Table<Customer> customers = readTable(reader, customerTopic);
            Table<InventoryItem> inventory = readTable(reader, inventoryTopic);
            return new InputSnapshot(customers.values, inventory.values, customers.skipped + inventory.skipped);
        }
    }

    private record Table<V>(Map<String, V> values, long skipped) {
    }

    private static <V> Table<V> readTable(TopicReader reader, Topic<String, V> topic) {
        Map<String, V> values = new HashMap<>();
        long[] skipped = {0}; // counted inside the reader's callback
        reader.readToEnd(topic.name(), record -> {
            try {
                String key = topic.keySerde().deserializer().deserialize(record.topic(), record.key());
                if (key == null) {
                    skipped[0]++;
                    return;
                }
                V value = topic.valueSerde().deserializer().deserialize(record.topic(), record.value());
                if (value == null) {
                    values.remove(key);
                } else {
                    values.put(key, value);
                }
            } catch (SerializationException e) {
                skipped[0]++;
            }
        });
        return new Table<>(Collections.unmodifiableMap(values), skipped[0]);
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
