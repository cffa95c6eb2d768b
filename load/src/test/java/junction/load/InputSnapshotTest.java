package junction.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import junction.model.Customer;
import junction.model.InventoryItem;
import junction.model.Topic;
import junction.model.Topics;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@Tag("integration")
@ExtendWith(SharedKafka.class)
class InputSnapshotTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static EmbeddedKafka kafka;

    @BeforeAll
    static void broker(EmbeddedKafka shared) {
        kafka = shared;
    }

    private static <V> String json(Topic<String, V> topic, V value) {
        return new String(topic.valueSerde().serializer().serialize(topic.name(), value), StandardCharsets.UTF_8);
    }

    private static Customer customer(String id, String name, String sku) {
        return new Customer(id, name, id + "@example.com", "gold", "eu", sku, 1);
    }

    private static InventoryItem item(String sku, int quantity) {
        return new InventoryItem(sku, "Lamp", "home", 1999, quantity, "w1", 1);
    }

    @Test
    void readsTheLastValuePerKeyHonoursTombstonesAndSkipsPoison() throws Exception {
        String prefix = SharedKafka.uniqueName("snapshot");
        Topic<String, Customer> customers = Topics.CUSTOMERS.named(prefix + "-customers");
        Topic<String, InventoryItem> inventory = Topics.INVENTORY.named(prefix + "-inventory");
        kafka.createCompactedTopics(3, customers.name(), inventory.name());
        List<ProducerRecord<String, String>> records = new ArrayList<>();
        records.add(new ProducerRecord<>(customers.name(), "c1", json(customers, customer("c1", "Ann", "s1"))));
        records.add(new ProducerRecord<>(customers.name(), "c2", json(customers, customer("c2", "Bob", null))));
        records.add(new ProducerRecord<>(customers.name(), "c1", json(customers, customer("c1", "Anna", "s2"))));
        records.add(new ProducerRecord<>(customers.name(), "c2", null));
        records.add(new ProducerRecord<>(customers.name(), "c3", "{not json"));
        records.add(new ProducerRecord<>(customers.name(), "c4", "{\"name\":\"no id\"}"));
        records.add(new ProducerRecord<>(inventory.name(), "s1", json(inventory, item("s1", 1))));
        records.add(new ProducerRecord<>(inventory.name(), "s1", json(inventory, item("s1", 7))));
        records.add(new ProducerRecord<>(inventory.name(), "s2", json(inventory, item("s2", 2))));
        records.add(new ProducerRecord<>(inventory.name(), "s2", null));
        KafkaTestClients.produce(kafka.bootstrapServers(), records);

        InputSnapshot snapshot = InputSnapshot.read(kafka.bootstrapServers(), customers, inventory, TIMEOUT);

        assertThat(snapshot.customers()).isEqualTo(Map.of("c1", customer("c1", "Anna", "s2")));
        assertThat(snapshot.inventory()).isEqualTo(Map.of("s1", item("s1", 7)));
        assertThat(snapshot.skipped()).isEqualTo(2);
    }

    @Test
    void readsEmptyTopicsAsEmptyTables() {
        String prefix = SharedKafka.uniqueName("empty");
        kafka.createCompactedTopics(2, prefix + "-customers", prefix + "-inventory");

        InputSnapshot snapshot = InputSnapshot.read(kafka.bootstrapServers(),
                Topics.CUSTOMERS.named(prefix + "-customers"), Topics.INVENTORY.named(prefix + "-inventory"), TIMEOUT);

        assertThat(snapshot.customers()).isEmpty();
        assertThat(snapshot.inventory()).isEmpty();
        assertThat(snapshot.skipped()).isZero();
    }
}
