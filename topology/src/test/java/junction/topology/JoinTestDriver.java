package junction.topology;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import junction.metrics.MeterNames;
import junction.model.Customer;
import junction.model.CustomerInventory;
import junction.model.InventoryItem;
import junction.model.Topics;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.apache.kafka.streams.test.TestRecord;

/**
 * The junction topology in a TopologyTestDriver, configured as the app will be (streamsDefaults,
 * dead letters counted on a registry of its own), with a capturing sink and typed access to every
 * topic, store and meter the tests look at.
 */
final class JoinTestDriver implements AutoCloseable {

    private final TopologyTestDriver driver;
    private final CapturingSink sink = new CapturingSink();
    private final MeterRegistry registry = new SimpleMeterRegistry();
    private final TestInputTopic<String, Customer> customers;
    private final TestInputTopic<String, InventoryItem> inventory;
    private final TestOutputTopic<String, CustomerInventory> output;
    private final TestOutputTopic<byte[], byte[]> deadLetters;

    JoinTestDriver() {
        this(TopologyOptions.defaults(), true);
    }

    /** The topology on the given topics, with the capturing sink or, as benchmarks run it, none. */
    JoinTestDriver(TopologyOptions topics, boolean withSink) {
        Properties props = CustomerInventoryTopology.streamsDefaults();
        props.setProperty(StreamsConfig.APPLICATION_ID_CONFIG, "junction-topology-test");
        props.setProperty(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        // Its own state directory under target/: other builds on this machine use the default one.
        props.setProperty(StreamsConfig.STATE_DIR_CONFIG, newStateDir());
        props.put(TopologyDeadLetters.CONFIG, new TopologyDeadLetters(registry));
        driver = new TopologyTestDriver(
                CustomerInventoryTopology.build(topics.withSink(withSink ? sink : null)), props);
        customers = driver.createInputTopic(topics.customersTopic(),
                Topics.CUSTOMERS.keySerde().serializer(), Topics.CUSTOMERS.valueSerde().serializer());
        inventory = driver.createInputTopic(topics.inventoryTopic(),
                Topics.INVENTORY.keySerde().serializer(), Topics.INVENTORY.valueSerde().serializer());
        output = driver.createOutputTopic(topics.outputTopic(),
                Topics.CUSTOMER_INVENTORY.keySerde().deserializer(), Topics.CUSTOMER_INVENTORY.valueSerde().deserializer());
        deadLetters = driver.createOutputTopic(Topics.DEAD_LETTERS.name(),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private static String newStateDir() {
        try {
            Path states = Files.createDirectories(Path.of("target", "kafka-streams-state"));
            return Files.createTempDirectory(states, "driver-").toAbsolutePath().toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void put(Customer customer, long timestamp) {
        customers.pipeInput(customer.customerId(), customer, timestamp);
    }

    void put(InventoryItem item, long timestamp) {
        inventory.pipeInput(item.sku(), item, timestamp);
    }

    void deleteCustomer(String customerId, long timestamp) {
        customers.pipeInput(customerId, null, timestamp);
    }

    void deleteItem(String sku, long timestamp) {
        inventory.pipeInput(sku, null, timestamp);
    }

    /** Pipes bytes as they are, the way a misbehaving producer would have written them. */
    void pipeRaw(String topic, byte[] key, byte[] value, Headers headers, long timestamp) {
        driver.createInputTopic(topic, new ByteArraySerializer(), new ByteArraySerializer())
                .pipeInput(new TestRecord<>(key, value, headers, timestamp));
    }

    List<Emitted> drainSink() {
        return sink.drain();
    }

    List<Emitted> drainOutput() {
        return output.readRecordsToList().stream()
                .map(r -> new Emitted(r.key(), r.value(), r.timestamp()))
                .toList();
    }

    /** The output topic's records with their headers. */
    List<TestRecord<String, CustomerInventory>> drainOutputRecords() {
        return output.readRecordsToList();
    }

    List<TestRecord<byte[], byte[]>> drainDeadLetters() {
        return deadLetters.readRecordsToList();
    }

    /** {@code junction_dead_letters_total} for one reason tag. */
    double deadLettersCounted(String reason) {
        return registry.get(MeterNames.DEAD_LETTERS).tag(MeterNames.TAG_REASON, reason).counter().count();
    }

    KeyValueStore<String, ValueAndTimestamp<Customer>> customersStore() {
        return driver.getTimestampedKeyValueStore(CustomerInventoryTopology.CUSTOMERS_STORE);
    }

    KeyValueStore<String, Long> versionStore() {
        return driver.getKeyValueStore(CustomerInventoryTopology.VERSION_STORE);
    }

    KeyValueStore<String, ValueAndTimestamp<InventoryItem>> inventoryStore() {
        return driver.getTimestampedKeyValueStore(CustomerInventoryTopology.INVENTORY_STORE);
    }

    @Override
    public void close() {
        driver.close();
    }
}
