package junction.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import junction.model.Customer;
import junction.model.InventoryItem;
import junction.model.Topics;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Input that looks odd but is valid, piped as raw JSON: accepted, joined and delivered exactly as
 * sent, with nothing dead-lettered. The refusals are in {@link BadInputDeadLetterTest}.
 */
class AcceptedInputTest {

    private JoinTestDriver driver;

    @BeforeEach
    void startDriver() {
        driver = new JoinTestDriver();
    }

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    @Test
    void unknownFieldsAreIgnored() {
        pipe(Topics.INVENTORY.name(), "s1", """
                {"sku": "s1", "name": "drill", "priceCents": 1999, "quantity": 5, "updatedAt": 1,
                 "colour": "red", "dimensions": {"w": 1, "h": [2, 3]}, "discontinued": null}""");
        pipe(Topics.CUSTOMERS.name(), "c1", """
                {"customerId": "c1", "sku": "s1", "updatedAt": 1, "loyaltyPoints": 12, "tags": ["a"]}""");
        // customers: c1->s1 | inventory: s1

        assertThat(driver.drainSink()).singleElement().satisfies(e -> {
            assertThat(e.value().customerId()).isEqualTo("c1");
            assertThat(e.value().inventory()).isEqualTo(new InventoryItem("s1", "drill", null, 1999, 5, null, 1));
        });
        assertThat(driver.drainDeadLetters()).isEmpty();
    }

    @Test
    void theLargestNumbersTheModelHoldsPassUnchanged() {
        pipe(Topics.INVENTORY.name(), "s1", """
                {"sku": "s1", "priceCents": 9223372036854775807, "quantity": 2147483647, "updatedAt": 9223372036854775807}""");
        pipe(Topics.INVENTORY.name(), "s2", """
                {"sku": "s2", "priceCents": -9223372036854775808, "quantity": -2147483648, "updatedAt": 0}""");
        pipe(Topics.CUSTOMERS.name(), "c1", """
                {"customerId": "c1", "sku": "s1", "updatedAt": 9223372036854775807}""");
        pipe(Topics.CUSTOMERS.name(), "c2", """
                {"customerId": "c2", "sku": "s2", "updatedAt": 1}""");
        // customers: c1->s1, c2->s2 | inventory: s1 (maximum values), s2 (minimum values)

        assertThat(driver.drainOutput()).extracting(e -> e.value().inventory()).containsExactly(
                new InventoryItem("s1", null, null, Long.MAX_VALUE, Integer.MAX_VALUE, null, Long.MAX_VALUE),
                new InventoryItem("s2", null, null, Long.MIN_VALUE, Integer.MIN_VALUE, null, 0));
        assertThat(driver.customersStore().get("c1").value().updatedAt()).isEqualTo(Long.MAX_VALUE);
        assertThat(driver.drainDeadLetters()).isEmpty();
    }

    @Test
    void unicodeAndEmojiInIdsAndTextRoundTripExactly() {
        String sku = "sku-✓-ß";
        String customerId = "c-😀-名前";
        String name = "Zoë \"Z\" Ünal 🚀 \\ \u0000 \u2028";
        pipe(Topics.INVENTORY.name(), sku, """
                {"sku": "sku-✓-ß", "name": "Bohrmaschine \\u00fc 🔧", "priceCents": 1, "quantity": 1, "updatedAt": 1}""");
        driver.put(new Customer(customerId, name, "zoë@exämple.com", "gold", "eu", sku, 1), 1_000);
        // customers: c-😀-名前 -> sku-✓-ß | inventory: sku-✓-ß

        assertThat(driver.drainOutput()).singleElement().satisfies(e -> {
            assertThat(e.key()).isEqualTo(customerId);
            assertThat(e.value().customerId()).isEqualTo(customerId);
            assertThat(e.value().name()).isEqualTo(name);
            assertThat(e.value().email()).isEqualTo("zoë@exämple.com");
            assertThat(e.value().inventory().sku()).isEqualTo(sku);
            assertThat(e.value().inventory().name()).isEqualTo("Bohrmaschine ü 🔧");
        });
        assertThat(driver.customersStore().get(customerId)).isNotNull();
        assertThat(driver.drainDeadLetters()).isEmpty();
    }

    @Test
    void onlyTheIdAndTheNumbersAreRequired() {
        pipe(Topics.CUSTOMERS.name(), "c1", """
                {"customerId": "c1", "updatedAt": 1}""");
        pipe(Topics.INVENTORY.name(), "s1", """
                {"sku": "s1", "priceCents": 0, "quantity": 0, "updatedAt": 0, "name": null}""");
        // customers: c1 (no sku) | inventory: s1

        assertThat(driver.drainSink()).singleElement().satisfies(e -> {
            assertThat(e.value().customerId()).isEqualTo("c1");
            assertThat(e.value().name()).isNull();
            assertThat(e.value().sku()).isNull();
            assertThat(e.value().inventory()).isNull();
        });
        assertThat(driver.inventoryStore().get("s1").value()).isEqualTo(new InventoryItem("s1", null, null, 0, 0, null, 0));
        assertThat(driver.drainDeadLetters()).isEmpty();
    }

    @Test
    void aCustomersEmptySkuIsAReferenceToNothingNotBadInput() {
        // An empty sku is a customer's reference, not a record key: the customer is joined to no item.
        pipe(Topics.CUSTOMERS.name(), "c1", """
                {"customerId": "c1", "sku": "", "updatedAt": 1}""");
        // customers: c1->"" | inventory: (empty)

        assertThat(driver.drainSink()).singleElement().satisfies(e -> {
            assertThat(e.value().sku()).isEmpty();
            assertThat(e.value().inventory()).isNull();
        });
        assertThat(driver.drainDeadLetters()).isEmpty();
    }

    private void pipe(String topic, String key, String json) {
        driver.pipeRaw(topic, key.getBytes(StandardCharsets.UTF_8), json.getBytes(StandardCharsets.UTF_8),
                new RecordHeaders(), 1_000);
    }
}
