package junction.topology;

import static junction.topology.SampleData.customer;
import static junction.topology.SampleData.item;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Stream;
import junction.model.BadRecordException.Reason;
import junction.model.BadRecordException;
import junction.model.Topics;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.LongSerializer;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input on either input topic, case by case: the table it was meant for carries on, nothing
 * is emitted for it, and the record lands on the dead-letter topic as it was read, with the
 * headers Kafka Streams' built-in DLQ (KIP-1034) adds: {@code __streams.errors.exception},
 * {@code .message} (the human reason), {@code .stacktrace}, {@code .topic}, {@code .partition},
 * {@code .offset}; junction's {@code junction.stage=topology} and {@code junction.reason=<tag>};
 * and the record's own headers. {@code junction_dead_letters_total{reason}} counts it.
 */
class BadInputDeadLetterTest {

    private static final long POISON_TIME = 7_000;
    private static final String CUSTOMERS = Topics.CUSTOMERS.name();
    private static final String INVENTORY = Topics.INVENTORY.name();

    private JoinTestDriver driver;

    @BeforeEach
    void startDriver() {
        driver = new JoinTestDriver();
    }

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    /** One bad record: where it goes, its key and value bytes, and the refusal expected. */
    record Poison(String topic, String what, byte[] key, byte[] value, Reason reason, String message) {
        @Override
        public String toString() {
            return what + " on " + topic;
        }
    }

    static Stream<Arguments> poison() {
        byte[] longBytes = new LongSerializer().serialize(CUSTOMERS, 42L);
        byte[] notUtf8 = {(byte) 0xC3, (byte) 0x28};
        String item = "\"name\": \"x\", \"priceCents\": 1, \"quantity\": 1, \"updatedAt\": 1";
        return Stream.of(
                // ---- values ----
                poison(INVENTORY, "bytes written with a Long serializer", "s9", longBytes, Reason.MALFORMED,
                        "not a valid InventoryItem JSON value"),
                poison(CUSTOMERS, "bytes written with a Long serializer", "c9", longBytes, Reason.MALFORMED,
                        "not a valid Customer JSON value"),
                poison(CUSTOMERS, "malformed JSON", "c9", "{\"customerId\": \"c9\", \"sku\": ", Reason.MALFORMED,
                        "not a valid Customer JSON value: Unexpected end-of-input"),
                poison(INVENTORY, "malformed JSON", "s9", "{\"sku\": \"s9\", ", Reason.MALFORMED,
                        "not a valid InventoryItem JSON value"),
                poison(CUSTOMERS, "an empty value (not a tombstone)", "c9", "", Reason.MALFORMED,
                        "No content to map due to end-of-input"),
                poison(CUSTOMERS, "JSON null", "c9", "null", Reason.MALFORMED, "JSON null is not a valid Customer"),
                poison(INVENTORY, "JSON null", "s9", "null", Reason.MALFORMED, "JSON null is not a valid InventoryItem"),
                poison(INVENTORY, "a JSON array", "s9", "[1, 2]", Reason.MALFORMED, "from Array value"),
                poison(INVENTORY, "a number field as text that is no number", "s9",
                        "{\"sku\": \"s9\", \"priceCents\": \"abc\", \"quantity\": 1, \"updatedAt\": 1}",
                        Reason.MALFORMED, "priceCents: Cannot coerce String value"),
                poison(INVENTORY, "a number field as text that is a number (no coercion)", "s9",
                        "{\"sku\": \"s9\", \"priceCents\": \"1999\", \"quantity\": 1, \"updatedAt\": 1}",
                        Reason.MALFORMED, "priceCents: Cannot coerce String value"),
                poison(INVENTORY, "a fraction for an integer field (no truncation)", "s9",
                        "{\"sku\": \"s9\", \"priceCents\": 1, \"quantity\": 1.5, \"updatedAt\": 1}",
                        Reason.MALFORMED, "quantity: Cannot coerce Floating-point value"),
                poison(CUSTOMERS, "a number for a text field", "c9",
                        "{\"customerId\": \"c9\", \"name\": 42, \"updatedAt\": 1}",
                        Reason.MALFORMED, "name: Cannot coerce Integer value"),
                poison(CUSTOMERS, "a number for the id", "c9", "{\"customerId\": 9, \"updatedAt\": 1}",
                        Reason.MALFORMED, "customerId: Cannot coerce Integer value"),
                poison(CUSTOMERS, "an object for a text field", "c9",
                        "{\"customerId\": \"c9\", \"name\": {\"first\": \"x\"}, \"updatedAt\": 1}",
                        Reason.MALFORMED, "name: Cannot deserialize value of type `java.lang.String` from Object value"),
                poison(INVENTORY, "a number beyond a long", "s9",
                        "{\"sku\": \"s9\", \"priceCents\": 99999999999999999999, \"quantity\": 1, \"updatedAt\": 1}",
                        Reason.MALFORMED, "out of range of long"),
                poison(INVENTORY, "a number beyond an int", "s9",
                        "{\"sku\": \"s9\", \"priceCents\": 1, \"quantity\": 3000000000, \"updatedAt\": 1}",
                        Reason.MALFORMED, "out of range of int"),
                poison(INVENTORY, "an exponent beyond a long", "s9",
                        "{\"sku\": \"s9\", \"priceCents\": 1e400, \"quantity\": 1, \"updatedAt\": 1}",
                        Reason.MALFORMED, "priceCents:"),
                poison(CUSTOMERS, "content after the object", "c9",
                        "{\"customerId\": \"c9\", \"updatedAt\": 1} {\"customerId\": \"c8\", \"updatedAt\": 1}",
                        Reason.MALFORMED, "Trailing token"),
                poison(CUSTOMERS, "a field given twice", "c9",
                        "{\"customerId\": \"c8\", \"customerId\": \"c9\", \"updatedAt\": 1}",
                        Reason.MALFORMED, "Duplicate field 'customerId'"),
                poison(CUSTOMERS, "value bytes that are not UTF-8", "c9",
                        concat(utf8("{\"customerId\": \"c9\", \"name\": \""), notUtf8, utf8("\", \"updatedAt\": 1}")),
                        Reason.MALFORMED, "Invalid UTF-8"),
                poison(CUSTOMERS, "JSON without its id", "c9", "{\"name\": \"x\", \"updatedAt\": 1}", Reason.MISSING_ID,
                        "invalid Customer: customerId is missing"),
                poison(INVENTORY, "JSON without its id", "s9", "{" + item + "}", Reason.MISSING_ID,
                        "invalid InventoryItem: sku is missing"),
                poison(CUSTOMERS, "an empty id", "c9", "{\"customerId\": \"\", \"updatedAt\": 1}", Reason.MISSING_ID,
                        "customerId is missing"),
                poison(INVENTORY, "a blank id", "s9", "{\"sku\": \"  \", " + item + "}", Reason.MISSING_ID,
                        "sku is missing"),
                poison(CUSTOMERS, "a required number left out", "c9", "{\"customerId\": \"c9\", \"name\": \"x\"}",
                        Reason.MISSING_FIELD, "invalid Customer: updatedAt is missing or null"),
                poison(INVENTORY, "a required number set to null", "s9",
                        "{\"sku\": \"s9\", \"priceCents\": null, \"quantity\": 1, \"updatedAt\": 1}",
                        Reason.MISSING_FIELD, "invalid InventoryItem: priceCents is missing or null"),
                poison(CUSTOMERS, "an id that is not the key", "c9", "{\"customerId\": \"c8\", \"updatedAt\": 1}",
                        Reason.KEY_MISMATCH, "customerId 'c8' in the value is not the record key 'c9'"),
                poison(INVENTORY, "an id that is not the key", "s9", "{\"sku\": \"S9\", " + item + "}",
                        Reason.KEY_MISMATCH, "sku 'S9' in the value is not the record key 's9'"),
                poison(CUSTOMERS, "an id that differs from the key by whitespace", "c9",
                        "{\"customerId\": \"c9 \", \"updatedAt\": 1}", Reason.KEY_MISMATCH, "'c9 ' in the value"),
                // ---- keys ----
                poison(CUSTOMERS, "no key", null, "{\"customerId\": \"c9\", \"updatedAt\": 1}", Reason.NULL_KEY,
                        "the record has no key"),
                poison(INVENTORY, "no key", null, "{\"sku\": \"s9\", " + item + "}", Reason.NULL_KEY,
                        "the record has no key"),
                poison(CUSTOMERS, "a tombstone without a key", (byte[]) null, (byte[]) null, Reason.NULL_KEY,
                        "the record has no key"),
                poison(CUSTOMERS, "an empty key", utf8(""), utf8("{\"customerId\": \"\", \"updatedAt\": 1}"),
                        Reason.EMPTY_KEY, "the key is empty"),
                poison(INVENTORY, "a whitespace key", utf8(" "), utf8("{\"sku\": \" \", " + item + "}"),
                        Reason.EMPTY_KEY, "the key is only whitespace"),
                poison(CUSTOMERS, "key bytes that are not UTF-8", notUtf8,
                        utf8("{\"customerId\": \"c9\", \"updatedAt\": 1}"), Reason.KEY_NOT_UTF8,
                        "the key is not UTF-8 text (2 bytes)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("poison")
    void badInputGoesToTheDeadLetterTopicCountedByReasonAndProcessingGoesOn(Poison poison) {
        driver.put(customer("c1", "s1", 1), 1_000);
        driver.put(item("s1", 5, 1), 1_000);
        driver.drainSink();
        driver.drainOutput();
        // customers: c1->s1 | inventory: s1; each topic is now at offset 1

        driver.pipeRaw(poison.topic(), poison.key(), poison.value(), producerHeader(), POISON_TIME);
        // customers: c1->s1 | inventory: s1 -- the bad record changed nothing

        assertThat(driver.drainDeadLetters()).singleElement().satisfies(letter -> {
            assertThat(letter.key()).isEqualTo(poison.key());
            assertThat(letter.value()).isEqualTo(poison.value());
            assertThat(letter.timestamp()).isEqualTo(POISON_TIME);
            assertLabelled(letter, poison.topic(), poison.reason(), poison.message());
        });
        assertCountedOnce(poison.reason());
        assertThat(driver.drainSink()).as("a refused record emits nothing").isEmpty();
        assertThat(driver.drainOutput()).as("a refused record emits nothing").isEmpty();
        assertThat(driver.customersStore().get("c1").value()).isEqualTo(customer("c1", "s1", 1));
        assertThat(driver.inventoryStore().get("s1").value()).isEqualTo(item("s1", 5, 1));
        assertThat(driver.customersStore().approximateNumEntries()).isOne();
        assertThat(driver.inventoryStore().approximateNumEntries()).isOne();

        driver.put(item("s1", 4, 2), 8_000);
        driver.put(customer("c2", "s1", 1), 9_000);
        // customers: c1->s1, c2->s1 | inventory: s1v2
        assertThat(driver.drainSink()).as("the join goes on after the refused record")
                .extracting(e -> e.key(), e -> e.value().inventory().quantity())
                .containsExactly(tuple("c1", 4), tuple("c2", 4));
        assertThat(driver.drainDeadLetters()).isEmpty();
    }

    @Test
    void anOversizedValueIsRefusedBeforeParsingAndItsLetterOmitsTheValue() {
        driver.close();
        driver = new JoinTestDriver(TopologyOptions.defaults().withMaxRecordBytes(100), true);
        byte[] atLimit = padded("{\"customerId\": \"c1\", \"sku\": \"s1\", \"updatedAt\": 1, \"name\": \"", "\"}", 100);
        byte[] overLimit = padded("{\"customerId\": \"c2\", \"sku\": \"s1\", \"updatedAt\": 1, \"name\": \"", "\"}", 101);

        driver.pipeRaw(CUSTOMERS, utf8("c1"), atLimit, producerHeader(), 1_000);
        driver.pipeRaw(CUSTOMERS, utf8("c2"), overLimit, producerHeader(), 2_000);
        // customers: c1->s1 | inventory: (empty) -- 100 bytes is the limit, 101 is over it

        assertThat(driver.drainSink()).extracting(Emitted::key).containsExactly("c1");
        assertThat(driver.drainDeadLetters()).singleElement().satisfies(letter -> {
            assertThat(letter.key()).isEqualTo(utf8("c2"));
            assertThat(letter.value()).as("too large to copy; the headers say where it is").isNull();
            assertLabelled(letter, CUSTOMERS, Reason.OVERSIZED,
                    "the value is 101 bytes, more than the 100 allowed (--max-record-bytes)");
        });
        assertCountedOnce(Reason.OVERSIZED);
        assertThat(driver.customersStore().get("c2")).isNull();
    }

    @Test
    void theDefaultLimitAcceptsARecordOfTwoHundredKilobytes() {
        byte[] large = padded("{\"customerId\": \"c1\", \"sku\": \"s1\", \"updatedAt\": 1, \"name\": \"", "\"}", 200_000);

        driver.pipeRaw(CUSTOMERS, utf8("c1"), large, producerHeader(), 1_000);

        assertThat(driver.drainSink()).singleElement()
                .satisfies(e -> assertThat(e.value().name()).hasSizeGreaterThan(199_900));
        assertThat(driver.drainDeadLetters()).isEmpty();
    }

    @Test
    void everyReasonIsCountedFromZeroBeforeAnythingIsRefused() {
        assertThat(Arrays.stream(Reason.values()).map(r -> driver.deadLettersCounted(r.tag())))
                .hasSize(8).containsOnly(0.0);
    }

    @Test
    void aProcessingErrorThatIsNotBadInputStillStopsTheApp() {
        driver.close();
        TopologyOptions failing = new TopologyOptions(CUSTOMERS, INVENTORY, Topics.CUSTOMER_INVENTORY.name(), null,
                () -> {
                    throw new IllegalStateException("a bug downstream of the join");
                }, TopologyOptions.DEFAULT_MAX_RECORD_BYTES);
        driver = new JoinTestDriver(failing, true);

        assertThatThrownBy(() -> driver.put(customer("c1", "s1", 1), 1_000))
                .isInstanceOf(StreamsException.class)
                .hasRootCauseMessage("a bug downstream of the join");
        assertThat(Arrays.stream(Reason.values()).map(r -> driver.deadLettersCounted(r.tag())))
                .as("not counted as bad input").containsOnly(0.0);
    }

    private static void assertLabelled(TestRecord<byte[], byte[]> letter, String topic, Reason reason, String message) {
        assertThat(header(letter, "producer")).as("the record's own headers are kept").isEqualTo("legacy-app");
        assertThat(header(letter, "__streams.errors.exception")).isEqualTo(BadRecordException.class.getName());
        assertThat(header(letter, "__streams.errors.message")).contains(message)
                .as("no advice on configuring Jackson").doesNotContain("Coercion", "DeserializationFeature", "DeserializationConfig");
        assertThat(header(letter, "__streams.errors.stacktrace")).startsWith(BadRecordException.class.getName());
        assertThat(header(letter, "__streams.errors.topic")).isEqualTo(topic);
        assertThat(header(letter, "__streams.errors.partition")).isEqualTo("0");
        assertThat(header(letter, "__streams.errors.offset")).as("after one good record").isEqualTo("1");
        assertThat(header(letter, "junction.stage")).isEqualTo("topology");
        assertThat(header(letter, "junction.reason")).isEqualTo(reason.tag());
    }

    private void assertCountedOnce(Reason refused) {
        for (Reason reason : Reason.values()) {
            assertThat(driver.deadLettersCounted(reason.tag())).as("junction_dead_letters_total{reason=%s}", reason.tag())
                    .isEqualTo(reason == refused ? 1.0 : 0.0);
        }
    }

    private static Arguments poison(String topic, String what, String key, String value, Reason reason, String message) {
        return poison(topic, what, key == null ? null : utf8(key), value == null ? null : utf8(value), reason, message);
    }

    private static Arguments poison(String topic, String what, String key, byte[] value, Reason reason, String message) {
        return poison(topic, what, key == null ? null : utf8(key), value, reason, message);
    }

    private static Arguments poison(String topic, String what, byte[] key, byte[] value, Reason reason, String message) {
        return Arguments.of(new Poison(topic, what, key, value, reason, message));
    }

    /** {@code head}, then 'x' up to {@code size} bytes in all, then {@code tail}. */
    private static byte[] padded(String head, String tail, int size) {
        return utf8(head + "x".repeat(size - head.length() - tail.length()) + tail);
    }

    private static byte[] concat(byte[]... parts) {
        int length = Arrays.stream(parts).mapToInt(p -> p.length).sum();
        byte[] all = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String header(TestRecord<byte[], byte[]> record, String key) {
        Header header = record.headers().lastHeader(key);
        assertThat(header).as("header %s", key).isNotNull();
        return new String(header.value(), StandardCharsets.UTF_8);
    }

    private static Headers producerHeader() {
        return new RecordHeaders().add("producer", utf8("legacy-app"));
    }
}
