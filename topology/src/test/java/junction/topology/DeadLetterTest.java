package junction.topology;

import static junction.topology.SampleData.customer;
import static junction.topology.SampleData.item;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import junction.model.Topics;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.LongSerializer;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Poison records on either input topic: the table they were meant for carries on, and the record
 * lands on the dead-letter topic as it was read, with the headers Kafka Streams' built-in DLQ
 * (KIP-1034) adds: {@code __streams.errors.exception}, {@code .message}, {@code .stacktrace},
 * {@code .topic}, {@code .partition}, {@code .offset}; the record's own headers are kept.
 */
class DeadLetterTest {

    private static final long POISON_TIME = 7_000;

    private JoinTestDriver driver;

    @BeforeEach
    void startDriver() {
        driver = new JoinTestDriver();
    }

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    static Stream<Arguments> poison() {
        String customers = Topics.CUSTOMERS.name();
        String inventory = Topics.INVENTORY.name();
        byte[] longBytes = new LongSerializer().serialize(customers, 42L);
        return Stream.of(
                Arguments.of(customers, "written with a Long serializer", longBytes, "not a valid Customer"),
                Arguments.of(inventory, "written with a Long serializer", longBytes, "not a valid InventoryItem"),
                Arguments.of(customers, "malformed JSON", utf8("{\"customerId\": \"c9\", \"sku\": "),
                        "not a valid Customer"),
                Arguments.of(inventory, "malformed JSON", utf8("{\"sku\": \"s9\", "), "not a valid InventoryItem"),
                Arguments.of(customers, "JSON without its id", utf8("{\"name\": \"x\", \"updatedAt\": 1}"),
                        "customerId is missing"),
                Arguments.of(inventory, "JSON without its id",
                        utf8("{\"name\": \"x\", \"priceCents\": 1, \"quantity\": 1, \"updatedAt\": 1}"),
                        "sku is missing"),
                Arguments.of(customers, "JSON null", utf8("null"), "JSON null is not a valid Customer"),
                Arguments.of(inventory, "JSON null", utf8("null"), "JSON null is not a valid InventoryItem"));
    }

    @ParameterizedTest(name = "{1} on {0}")
    @MethodSource("poison")
    void poisonGoesToTheDeadLetterTopicAndProcessingGoesOn(String topic, String what, byte[] value, String reason) {
        driver.put(customer("c1", "s1", 1), 1_000);
        driver.put(item("s1", 5, 1), 1_000);
        driver.drainSink();
        // customers: c1->s1 | inventory: s1; each topic is now at offset 1

        Headers headers = new RecordHeaders().add("producer", utf8("legacy-app"));
        driver.pipeRaw(topic, utf8("poison-key"), value, headers, POISON_TIME);
        // customers: c1->s1 | inventory: s1 -- the poison record changed nothing

        List<TestRecord<byte[], byte[]>> dead = driver.drainDeadLetters();
        assertThat(dead).singleElement().satisfies(record -> {
            assertThat(record.key()).isEqualTo(utf8("poison-key"));
            assertThat(record.value()).isEqualTo(value);
            assertThat(record.timestamp()).isEqualTo(POISON_TIME);
            assertThat(header(record, "producer")).isEqualTo("legacy-app");
            assertThat(header(record, "__streams.errors.exception")).isEqualTo(SerializationException.class.getName());
            assertThat(header(record, "__streams.errors.message")).contains(reason);
            assertThat(header(record, "__streams.errors.stacktrace")).contains("JsonSerde.deserialize");
            assertThat(header(record, "__streams.errors.topic")).isEqualTo(topic);
            assertThat(header(record, "__streams.errors.partition")).isEqualTo("0");
            assertThat(header(record, "__streams.errors.offset")).isEqualTo("1");
        });
        assertThat(driver.drainSink()).as("a poison record emits nothing").isEmpty();
        assertThat(driver.customersStore().get("c1").value()).isEqualTo(customer("c1", "s1", 1));
        assertThat(driver.inventoryStore().get("s1").value()).isEqualTo(item("s1", 5, 1));

        driver.put(item("s1", 4, 2), 8_000);
        // customers: c1->s1 | inventory: s1v2
        assertThat(driver.drainSink()).as("the join goes on after the poison record")
                .extracting(e -> e.value().inventory()).containsExactly(item("s1", 4, 2));
        assertThat(driver.drainDeadLetters()).isEmpty();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String header(TestRecord<byte[], byte[]> record, String key) {
        Header header = record.headers().lastHeader(key);
        assertThat(header).as("header %s", key).isNotNull();
        return new String(header.value(), StandardCharsets.UTF_8);
    }
}
